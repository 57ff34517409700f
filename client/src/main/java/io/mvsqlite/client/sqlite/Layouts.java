package io.mvsqlite.client.sqlite;

/**
 * Byte offsets of the SQLite structs the binding reads and writes, on LP64 (x86_64, aarch64). They
 * were taken with {@code offsetof} from SQLite 3.40.1's {@code sqlite3.h}; these structs are
 * versioned by {@code iVersion} and only grow at the end, so the offsets hold for every SQLite 3.x.
 */
final class Layouts {

  private Layouts() {}

  /** {@code struct sqlite3_vfs}, 168 bytes at iVersion 3. */
  static final class Vfs {
    static final long SIZE = 168;

    /**
     * The struct's size for each iVersion: v1 ends before xCurrentTimeInt64, v2 before
     * xSetSystemCall.
     */
    static final long SIZE_V1 = 136;

    static final long SIZE_V2 = 144;
    static final long I_VERSION = 0; // int
    static final long SZ_OS_FILE = 4; // int
    static final long MX_PATHNAME = 8; // int
    static final long P_NEXT = 16;
    static final long Z_NAME = 24;
    static final long P_APP_DATA = 32;
    static final long X_OPEN = 40;
    static final long X_DELETE = 48;
    static final long X_ACCESS = 56;
    static final long X_FULL_PATHNAME = 64;
    static final long X_DL_OPEN = 72;
    static final long X_DL_ERROR = 80;
    static final long X_DL_SYM = 88;
    static final long X_DL_CLOSE = 96;
    static final long X_RANDOMNESS = 104;
    static final long X_SLEEP = 112;
    static final long X_CURRENT_TIME = 120;
    static final long X_GET_LAST_ERROR = 128;
    static final long X_CURRENT_TIME_INT64 = 136;
    static final long X_SET_SYSTEM_CALL = 144;
    static final long X_GET_SYSTEM_CALL = 152;
    static final long X_NEXT_SYSTEM_CALL = 160;

    private Vfs() {}

    /** The number of bytes a VFS of {@code iVersion} defines. */
    static long sizeFor(int iVersion) {
      return iVersion >= 3 ? SIZE : iVersion == 2 ? SIZE_V2 : SIZE_V1;
    }
  }

  /** {@code struct sqlite3_io_methods}, 152 bytes at iVersion 3. */
  static final class IoMethods {
    static final long SIZE = 152;
    static final long I_VERSION = 0; // int
    static final long X_CLOSE = 8;
    static final long X_READ = 16;
    static final long X_WRITE = 24;
    static final long X_TRUNCATE = 32;
    static final long X_SYNC = 40;
    static final long X_FILE_SIZE = 48;
    static final long X_LOCK = 56;
    static final long X_UNLOCK = 64;
    static final long X_CHECK_RESERVED_LOCK = 72;
    static final long X_FILE_CONTROL = 80;
    static final long X_SECTOR_SIZE = 88;
    static final long X_DEVICE_CHARACTERISTICS = 96;

    private IoMethods() {}
  }

  /**
   * Our {@code sqlite3_file} subclass, {@code szOsFile} = 16 bytes: the base struct's {@code
   * pMethods} pointer, then a 64-bit id that names the Java {@code VirtualFile} in {@link
   * OpenFiles}.
   */
  static final class File {
    static final int SIZE = 16;
    static final long P_METHODS = 0;
    static final long HANDLE_ID = 8; // sqlite3_int64

    private File() {}
  }

  /**
   * {@code struct sqlite3}: only its first member, {@code pVfs}, which has been first for 15+
   * years.
   */
  static final class Db {
    static final long P_VFS = 0;

    private Db() {}
  }
}
