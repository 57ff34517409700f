package io.mvsqlite.client.vfs;

import io.mvsqlite.protocol.SqliteCodes;

/**
 * A failure of a {@link VirtualFileSystem} or {@link VirtualFile} operation, with the SQLite result
 * code SQLite must see. The binding returns {@link #sqliteResultCode()} from the failing VFS method
 * as is (an extended code such as {@link SqliteCodes#SQLITE_IOERR_READ} is preferred over a bare
 * {@code SQLITE_IOERR}) and keeps the message for {@code xGetLastError}; the message never reaches
 * SQLite's own error text ("disk I/O error").
 *
 * <p>Expected answers that are not failures are return values, not exceptions: {@code SQLITE_BUSY}
 * from {@link VirtualFile#lock(int)}, {@code SQLITE_IOERR_SHORT_READ} from {@link
 * VirtualFile#read}.
 */
public class VfsException extends Exception {

  private final int sqliteResultCode;

  /**
   * @param sqliteResultCode a SQLite result code other than {@code SQLITE_OK}, {@code SQLITE_ROW}
   *     or {@code SQLITE_DONE}
   * @throws IllegalArgumentException if the code is not an error code
   */
  public VfsException(int sqliteResultCode, String message) {
    this(sqliteResultCode, message, null);
  }

  public VfsException(int sqliteResultCode, String message, Throwable cause) {
    super(message, cause);
    int primary = SqliteCodes.primary(sqliteResultCode);
    if (sqliteResultCode <= 0
        || primary == SqliteCodes.SQLITE_OK
        || primary == SqliteCodes.SQLITE_ROW
        || primary == SqliteCodes.SQLITE_DONE) {
      throw new IllegalArgumentException("not a SQLite error code: " + sqliteResultCode);
    }
    this.sqliteResultCode = sqliteResultCode;
  }

  /** The (possibly extended) SQLite result code the failing VFS method returns. */
  public int sqliteResultCode() {
    return sqliteResultCode;
  }
}
