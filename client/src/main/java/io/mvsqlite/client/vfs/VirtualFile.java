package io.mvsqlite.client.vfs;

import io.mvsqlite.protocol.SqliteCodes;
import java.nio.ByteBuffer;

/**
 * One open file of a {@link VirtualFileSystem}: the Java side of SQLite's {@code
 * sqlite3_io_methods}.
 *
 * <p><b>Buffers.</b> {@link #read} and {@link #write} receive {@link ByteBuffer}s that view
 * SQLite's own native memory (the page buffer it passed to {@code xRead}/{@code xWrite}): an
 * implementation copies straight into or out of them, so a page crosses the boundary with one copy.
 * The buffers are valid only during the call; never keep them. Positions advance as bytes are
 * transferred.
 *
 * <p><b>Threads.</b> SQLite calls one file from one connection, under that connection's mutex, so
 * calls on one instance never overlap. They may come from any thread, one after another (JDBC
 * callers, pool threads, native threads of a host program). State shared between files, such as the
 * content of a database opened by two connections, must be synchronised by the implementation.
 *
 * <p><b>Errors.</b> A method fails by throwing {@link VfsException} with the result code SQLite
 * must see. Any other exception is a bug; the binding logs it and reports the {@code
 * SQLITE_IOERR_*} code of the method (for example {@code SQLITE_IOERR_READ} for {@link #read}).
 * Nothing an implementation throws can escape into native code.
 *
 * <p>Lock levels are {@link SqliteCodes#SQLITE_LOCK_NONE} (0) to {@link
 * SqliteCodes#SQLITE_LOCK_EXCLUSIVE} (4).
 */
public interface VirtualFile {

  /**
   * Reads {@code dst.remaining()} bytes at {@code offset} into {@code dst}.
   *
   * @return {@link SqliteCodes#SQLITE_OK} if every byte was read, or {@link
   *     SqliteCodes#SQLITE_IOERR_SHORT_READ} if the file ended first; then the rest of {@code dst}
   *     has been filled with zeros (SQLite relies on that)
   */
  int read(ByteBuffer dst, long offset) throws VfsException;

  /**
   * Writes all of {@code src} at {@code offset}, growing the file (a gap past the old end reads as
   * zeros).
   */
  void write(ByteBuffer src, long offset) throws VfsException;

  /** Sets the file size in bytes, dropping or zero-extending the tail. */
  void truncate(long sizeBytes) throws VfsException;

  /** Makes written data durable. {@code flags} are SQLite's {@code SQLITE_SYNC_*} bits. */
  void sync(int flags) throws VfsException;

  /** The file size in bytes. */
  long fileSize() throws VfsException;

  /**
   * Raises the lock to {@code level} (SHARED, RESERVED or EXCLUSIVE; SQLite never asks for PENDING
   * directly).
   *
   * @return {@link SqliteCodes#SQLITE_OK}, or {@link SqliteCodes#SQLITE_BUSY} if the lock cannot be
   *     granted now (SQLite may retry through its busy handler)
   */
  int lock(int level) throws VfsException;

  /**
   * Lowers the lock to {@code level} (SHARED or NONE).
   *
   * @return {@link SqliteCodes#SQLITE_OK}, or another result code (mvSQLite reports a failed commit
   *     as {@link SqliteCodes#SQLITE_BUSY} here)
   */
  int unlock(int level) throws VfsException;

  /** True if any connection holds a RESERVED or higher lock on this file. */
  boolean checkReservedLock() throws VfsException;

  /**
   * A file control that carries no pointer. The binding forwards only these opcodes, with the value
   * shown:
   *
   * <table>
   *   <caption>Forwarded opcodes</caption>
   *   <tr><th>opcode</th><th>{@code value}</th></tr>
   *   <tr><td>{@code SQLITE_FCNTL_COMMIT_PHASETWO}</td><td>0</td></tr>
   *   <tr><td>{@code SQLITE_FCNTL_SYNC}</td><td>0</td></tr>
   *   <tr><td>{@code SQLITE_FCNTL_CKPT_START}, {@code SQLITE_FCNTL_CKPT_DONE}</td><td>0</td></tr>
   *   <tr><td>{@code SQLITE_FCNTL_SIZE_HINT}</td><td>the expected file size in bytes</td></tr>
   *   <tr><td>{@code SQLITE_FCNTL_CHUNK_SIZE}</td><td>the chunk size in bytes</td></tr>
   * </table>
   *
   * Every other opcode is answered by the binding ({@code SQLITE_FCNTL_VFSNAME}) or with {@code
   * SQLITE_NOTFOUND}.
   *
   * @return {@link SqliteCodes#SQLITE_OK} if handled, {@link SqliteCodes#SQLITE_NOTFOUND} (the
   *     default) if not
   */
  default int fileControl(int op, long value) throws VfsException {
    return SqliteCodes.SQLITE_NOTFOUND;
  }

  /**
   * Answers a PRAGMA on this file's schema before SQLite runs it ({@code SQLITE_FCNTL_PRAGMA}): the
   * file may leave it to SQLite (the default), handle it itself, or refuse it with a message.
   * SQLite offers every PRAGMA, also those that only read a setting ({@code valueOrNull} is then
   * {@code null}).
   *
   * @param name the pragma's name as written, without the schema ({@code synchronous}, {@code
   *     locking_mode})
   * @param valueOrNull the argument as written ({@code OFF}, {@code 'x'} keeps its quotes removed
   *     by SQLite), or null
   */
  default PragmaAnswer pragma(String name, String valueOrNull) throws VfsException {
    return PragmaAnswer.NOT_HANDLED;
  }

  /**
   * True if this file must be treated as read-only whatever flags it was opened with: the binding
   * then reports {@code SQLITE_OPEN_READONLY} in {@code xOpen}'s output flags, and SQLite itself
   * refuses every write with {@code SQLITE_READONLY}. Asked once, right after {@link
   * VirtualFileSystem#open}.
   */
  default boolean isReadOnly() {
    return false;
  }

  /**
   * The sector size in bytes. SQLite does not ask when {@link #deviceCharacteristics()} has
   * POWERSAFE_OVERWRITE.
   */
  default int sectorSize() {
    return 4096;
  }

  /**
   * {@code SQLITE_IOCAP_*} bits. The default, POWERSAFE_OVERWRITE, lets SQLite skip padding partial
   * sectors.
   */
  default int deviceCharacteristics() {
    return SqliteCodes.SQLITE_IOCAP_POWERSAFE_OVERWRITE;
  }

  /** Closes the file. SQLite forgets it whatever happens; it is never called again. */
  void close() throws VfsException;
}
