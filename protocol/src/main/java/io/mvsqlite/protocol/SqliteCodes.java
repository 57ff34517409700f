package io.mvsqlite.protocol;

/**
 * SQLite's numeric constants that mvSQLite uses: result codes (primary and extended), open flags,
 * lock levels, file control opcodes and function flags. Values are those of sqlite3.h; they are
 * part of SQLite's stable ABI.
 */
public final class SqliteCodes {

  private SqliteCodes() {}

  // Primary result codes.
  public static final int SQLITE_OK = 0;
  public static final int SQLITE_ERROR = 1;
  public static final int SQLITE_INTERNAL = 2;
  public static final int SQLITE_PERM = 3;
  public static final int SQLITE_ABORT = 4;
  public static final int SQLITE_BUSY = 5;
  public static final int SQLITE_LOCKED = 6;
  public static final int SQLITE_NOMEM = 7;
  public static final int SQLITE_READONLY = 8;
  public static final int SQLITE_INTERRUPT = 9;
  public static final int SQLITE_IOERR = 10;
  public static final int SQLITE_CORRUPT = 11;
  public static final int SQLITE_NOTFOUND = 12;
  public static final int SQLITE_FULL = 13;
  public static final int SQLITE_CANTOPEN = 14;
  public static final int SQLITE_PROTOCOL = 15;
  public static final int SQLITE_TOOBIG = 18;
  public static final int SQLITE_CONSTRAINT = 19;
  public static final int SQLITE_MISUSE = 21;
  public static final int SQLITE_RANGE = 25;
  public static final int SQLITE_NOTADB = 26;
  public static final int SQLITE_ROW = 100;
  public static final int SQLITE_DONE = 101;

  // Extended result codes.
  public static final int SQLITE_IOERR_READ = SQLITE_IOERR | (1 << 8);
  public static final int SQLITE_IOERR_SHORT_READ = SQLITE_IOERR | (2 << 8);
  public static final int SQLITE_IOERR_WRITE = SQLITE_IOERR | (3 << 8);
  public static final int SQLITE_IOERR_FSYNC = SQLITE_IOERR | (4 << 8);
  public static final int SQLITE_IOERR_TRUNCATE = SQLITE_IOERR | (6 << 8);
  public static final int SQLITE_IOERR_FSTAT = SQLITE_IOERR | (7 << 8);
  public static final int SQLITE_IOERR_UNLOCK = SQLITE_IOERR | (8 << 8);
  public static final int SQLITE_IOERR_RDLOCK = SQLITE_IOERR | (9 << 8);
  public static final int SQLITE_IOERR_DELETE = SQLITE_IOERR | (10 << 8);
  public static final int SQLITE_IOERR_NOMEM = SQLITE_IOERR | (12 << 8);
  public static final int SQLITE_IOERR_ACCESS = SQLITE_IOERR | (13 << 8);
  public static final int SQLITE_IOERR_CHECKRESERVEDLOCK = SQLITE_IOERR | (14 << 8);
  public static final int SQLITE_IOERR_LOCK = SQLITE_IOERR | (15 << 8);
  public static final int SQLITE_IOERR_CLOSE = SQLITE_IOERR | (16 << 8);
  public static final int SQLITE_IOERR_DATA = SQLITE_IOERR | (32 << 8);
  public static final int SQLITE_BUSY_RECOVERY = SQLITE_BUSY | (1 << 8);
  public static final int SQLITE_BUSY_SNAPSHOT = SQLITE_BUSY | (2 << 8);
  public static final int SQLITE_BUSY_TIMEOUT = SQLITE_BUSY | (3 << 8);
  public static final int SQLITE_READONLY_CANTLOCK = SQLITE_READONLY | (2 << 8);
  public static final int SQLITE_READONLY_ROLLBACK = SQLITE_READONLY | (3 << 8);
  public static final int SQLITE_CANTOPEN_FULLPATH = SQLITE_CANTOPEN | (3 << 8);

  // Open flags (xOpen / sqlite3_open_v2).
  public static final int SQLITE_OPEN_READONLY = 0x00000001;
  public static final int SQLITE_OPEN_READWRITE = 0x00000002;
  public static final int SQLITE_OPEN_CREATE = 0x00000004;
  public static final int SQLITE_OPEN_DELETEONCLOSE = 0x00000008;
  public static final int SQLITE_OPEN_EXCLUSIVE = 0x00000010;
  public static final int SQLITE_OPEN_URI = 0x00000040;
  public static final int SQLITE_OPEN_MEMORY = 0x00000080;
  public static final int SQLITE_OPEN_MAIN_DB = 0x00000100;
  public static final int SQLITE_OPEN_TEMP_DB = 0x00000200;
  public static final int SQLITE_OPEN_TRANSIENT_DB = 0x00000400;
  public static final int SQLITE_OPEN_MAIN_JOURNAL = 0x00000800;
  public static final int SQLITE_OPEN_TEMP_JOURNAL = 0x00001000;
  public static final int SQLITE_OPEN_SUBJOURNAL = 0x00002000;
  public static final int SQLITE_OPEN_SUPER_JOURNAL = 0x00004000;
  public static final int SQLITE_OPEN_NOMUTEX = 0x00008000;
  public static final int SQLITE_OPEN_FULLMUTEX = 0x00010000;
  public static final int SQLITE_OPEN_WAL = 0x00080000;

  // Lock levels (xLock / xUnlock).
  public static final int SQLITE_LOCK_NONE = 0;
  public static final int SQLITE_LOCK_SHARED = 1;
  public static final int SQLITE_LOCK_RESERVED = 2;
  public static final int SQLITE_LOCK_PENDING = 3;
  public static final int SQLITE_LOCK_EXCLUSIVE = 4;

  // xAccess flags.
  public static final int SQLITE_ACCESS_EXISTS = 0;
  public static final int SQLITE_ACCESS_READWRITE = 1;
  public static final int SQLITE_ACCESS_READ = 2;

  // Device characteristics.
  public static final int SQLITE_IOCAP_POWERSAFE_OVERWRITE = 0x00001000;

  // File control opcodes.
  public static final int SQLITE_FCNTL_LOCKSTATE = 1;
  public static final int SQLITE_FCNTL_LAST_ERRNO = 4;
  public static final int SQLITE_FCNTL_SIZE_HINT = 5;
  public static final int SQLITE_FCNTL_CHUNK_SIZE = 6;
  public static final int SQLITE_FCNTL_FILE_POINTER = 7;
  public static final int SQLITE_FCNTL_PERSIST_WAL = 10;
  public static final int SQLITE_FCNTL_VFSNAME = 12;
  public static final int SQLITE_FCNTL_POWERSAFE_OVERWRITE = 13;
  public static final int SQLITE_FCNTL_PRAGMA = 14;
  public static final int SQLITE_FCNTL_BUSYHANDLER = 15;
  public static final int SQLITE_FCNTL_TEMPFILENAME = 16;
  public static final int SQLITE_FCNTL_MMAP_SIZE = 18;
  public static final int SQLITE_FCNTL_TRACE = 19;
  public static final int SQLITE_FCNTL_HAS_MOVED = 20;
  public static final int SQLITE_FCNTL_SYNC = 21;
  public static final int SQLITE_FCNTL_COMMIT_PHASETWO = 22;
  public static final int SQLITE_FCNTL_CKPT_DONE = 37;
  public static final int SQLITE_FCNTL_CKPT_START = 39;

  // Fundamental datatypes (sqlite3_value_type / sqlite3_column_type).
  public static final int SQLITE_INTEGER = 1;
  public static final int SQLITE_FLOAT = 2;
  public static final int SQLITE_TEXT = 3;
  public static final int SQLITE_BLOB = 4;
  public static final int SQLITE_NULL = 5;

  // Function flags (sqlite3_create_function_v2).
  public static final int SQLITE_UTF8 = 1;
  public static final int SQLITE_DETERMINISTIC = 0x000000800;
  public static final int SQLITE_DIRECTONLY = 0x000080000;
  public static final int SQLITE_INNOCUOUS = 0x000200000;

  /** The primary code of an extended result code. */
  public static int primary(int code) {
    return code & 0xff;
  }
}
