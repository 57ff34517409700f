package io.mvsqlite.kv;

/**
 * FoundationDB's transaction limits, which every backend honours (the embedded one in strict mode).
 */
public final class KvLimits {

  /** Largest key, in bytes. */
  public static final int MAX_KEY_BYTES = 10_000;

  /** Largest value, in bytes. */
  public static final int MAX_VALUE_BYTES = 100_000;

  /** Largest transaction: mutations plus read and write conflict ranges, in bytes. */
  public static final long MAX_TRANSACTION_BYTES = 10_000_000;

  /**
   * The MVCC window: how long a read version stays readable, and so how long a transaction may
   * live.
   */
  public static final long MVCC_WINDOW_MILLIS = 5_000;

  /** Versions advance about one million per second, as on FoundationDB. */
  public static final long VERSIONS_PER_SECOND = 1_000_000;

  private KvLimits() {}
}
