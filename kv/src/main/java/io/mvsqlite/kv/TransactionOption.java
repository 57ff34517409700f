package io.mvsqlite.kv;

/**
 * Transaction options with a FoundationDB counterpart. Backends ignore those that mean nothing to
 * them.
 */
public enum TransactionOption {
  /**
   * FoundationDB CAUSAL_READ_RISKY: the read version need not be causally consistent with other
   * clients.
   */
  CAUSAL_READ_RISKY,
  /** FoundationDB READ_LOCK_AWARE: reads may proceed on a locked database (a DR secondary). */
  READ_LOCK_AWARE,
  /** FoundationDB READ_SYSTEM_KEYS: reads may touch keys starting with {@code 0xff}. */
  READ_SYSTEM_KEYS,
  /**
   * FoundationDB ACCESS_SYSTEM_KEYS: reads and writes may touch keys starting with {@code 0xff}.
   */
  ACCESS_SYSTEM_KEYS
}
