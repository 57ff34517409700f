package io.mvsqlite.kv;

/**
 * The one exception the KV layer throws. The message is static text from {@link KvError}; the
 * variable parts go in {@link #detail()}.
 */
public final class KvException extends RuntimeException {

  private final KvError error;
  private final String detail;

  public KvException(KvError error) {
    this(error, null, null);
  }

  public KvException(KvError error, String detail) {
    this(error, detail, null);
  }

  public KvException(KvError error, String detail, Throwable cause) {
    super(detail == null ? error.description() : error.description() + " (" + detail + ")", cause);
    this.error = error;
    this.detail = detail;
  }

  public KvError error() {
    return error;
  }

  /** Structured context (sizes, keys in hex, codes); may be {@code null}. */
  public String detail() {
    return detail;
  }

  /** True if running the whole transaction again can succeed. */
  public boolean isRetryable() {
    return error.isRetryable();
  }
}
