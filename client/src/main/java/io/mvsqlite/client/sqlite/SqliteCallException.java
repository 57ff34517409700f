package io.mvsqlite.client.sqlite;

/**
 * A SQLite C function called through the binding returned an error: {@link #resultCode()} is
 * SQLite's (extended, when the connection reports one) result code, {@link #sqliteMessage()} its
 * error text. Unchecked: it reports misuse or a broken environment (a VFS name taken twice, an SQL
 * error in a test statement), not an expected outcome.
 */
public final class SqliteCallException extends RuntimeException {

  private final String function;
  private final int resultCode;
  private final String sqliteMessage;

  public SqliteCallException(String function, int resultCode, String sqliteMessage) {
    super(function + " failed with SQLite result code " + resultCode + ": " + sqliteMessage);
    this.function = function;
    this.resultCode = resultCode;
    this.sqliteMessage = sqliteMessage;
  }

  /** The C function that failed, e.g. {@code sqlite3_vfs_register}. */
  public String function() {
    return function;
  }

  public int resultCode() {
    return resultCode;
  }

  public String sqliteMessage() {
    return sqliteMessage;
  }
}
