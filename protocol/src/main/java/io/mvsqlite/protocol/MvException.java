package io.mvsqlite.protocol;

/**
 * The one unchecked exception of mvSQLite above the KV layer. It carries an {@link ErrorCode},
 * which decides the HTTP status, SQLite code, SQLSTATE and retryability; the message says what
 * happened and, where it can, how to fix it.
 */
public class MvException extends RuntimeException {

  private final ErrorCode code;

  public MvException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public MvException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public boolean isRetryable() {
    return code.isRetryable();
  }
}
