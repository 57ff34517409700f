package io.mvsqlite.kv;

/**
 * Every way a KV operation can fail, with the FoundationDB error code it corresponds to and whether
 * retrying the whole transaction can succeed.
 */
public enum KvError {
  /**
   * A read conflict range intersected a write of a transaction committed after the read version
   * (FDB 1020).
   */
  NOT_COMMITTED(1020, true, "transaction not committed due to conflict with another transaction"),
  /** The read version is older than the MVCC window (FDB 1007). */
  TRANSACTION_TOO_OLD(1007, true, "transaction is too old to perform reads or be committed"),
  /** The requested read version is newer than any the store has handed out (FDB 1009). */
  FUTURE_VERSION(1009, true, "request for future version"),
  /** The commit may or may not have been applied (FDB 1021). Use idempotency keys to find out. */
  COMMIT_UNKNOWN_RESULT(1021, true, "transaction may or may not have committed"),
  /**
   * A transient failure of the backend (FDB 1031 timed out, 1037 process behind, 1213 tag
   * throttled, ...).
   */
  TRANSIENT(1031, true, "transient backend failure"),
  /** Mutations plus conflict ranges exceed 10,000,000 bytes (FDB 2101). */
  TRANSACTION_TOO_LARGE(2101, false, "transaction exceeds byte limit"),
  /** A key is longer than 10,000 bytes (FDB 2102). */
  KEY_TOO_LARGE(2102, false, "key length exceeds limit"),
  /** A value is longer than 100,000 bytes (FDB 2103). */
  VALUE_TOO_LARGE(2103, false, "value length exceeds limit"),
  /**
   * The transaction was used after it committed (FDB 2017 used_during_commit / 2000
   * client_invalid_operation).
   */
  USED_AFTER_COMMIT(2017, false, "operation issued on a committed transaction"),
  /** The transaction was used after close (FDB 1025). */
  TRANSACTION_CANCELLED(1025, false, "operation issued on a cancelled transaction"),
  /**
   * A read touched a key or range whose value depends on this transaction's versionstamp (FDB
   * 1036).
   */
  ACCESSED_UNREADABLE(1036, false, "read or wrote an unreadable key"),
  /** A range whose end precedes its begin (FDB 2005). */
  INVERTED_RANGE(2005, false, "range begin key larger than end key"),
  /** A malformed argument, e.g. a versionstamp offset outside the key (FDB 2000 / 2004 / 2006). */
  INVALID_ARGUMENT(2000, false, "invalid operation or argument"),
  /**
   * A key in the system key space ({@code 0xff...}) without the option that allows it (FDB 2004).
   */
  KEY_OUTSIDE_LEGAL_RANGE(2004, false, "key outside legal range"),
  /** The store was closed. */
  STORE_CLOSED(-1, false, "the key-value store is closed"),
  /**
   * The backend cannot be opened or failed permanently (missing native library, corrupt files, I/O
   * error).
   */
  BACKEND_FAILURE(-2, false, "key-value backend failure");

  private final int fdbCode;
  private final boolean retryable;
  private final String description;

  KvError(int fdbCode, boolean retryable, String description) {
    this.fdbCode = fdbCode;
    this.retryable = retryable;
    this.description = description;
  }

  /**
   * The FoundationDB error code, or a negative number for conditions FoundationDB has no code for.
   */
  public int fdbCode() {
    return fdbCode;
  }

  /** True if running the whole transaction again can succeed. */
  public boolean isRetryable() {
    return retryable;
  }

  public String description() {
    return description;
  }
}
