package io.mvsqlite.client.sqlite;

import io.mvsqlite.protocol.SqliteCodes;

/**
 * Thrown by a {@link SqlFunction} to fail the SQL statement that called it: SQLite reports {@link
 * #getMessage()} as the statement's error message and {@link #resultCode()} as its result code
 * (through {@code sqlite3_result_error} and {@code sqlite3_result_error_code}); JDBC surfaces both
 * in the {@code SQLException}.
 */
public class SqlFunctionException extends Exception {

  private final int resultCode;

  /**
   * @param resultCode a SQLite error code, e.g. {@link SqliteCodes#SQLITE_ERROR} or {@link
   *     SqliteCodes#SQLITE_PERM}
   */
  public SqlFunctionException(int resultCode, String message) {
    super(message);
    if (resultCode <= 0 || SqliteCodes.primary(resultCode) == SqliteCodes.SQLITE_OK) {
      throw new IllegalArgumentException("not a SQLite error code: " + resultCode);
    }
    this.resultCode = resultCode;
  }

  /** Fails with {@link SqliteCodes#SQLITE_ERROR}. */
  public SqlFunctionException(String message) {
    this(SqliteCodes.SQLITE_ERROR, message);
  }

  public int resultCode() {
    return resultCode;
  }
}
