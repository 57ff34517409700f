package io.mvsqlite.kv;

/**
 * An ordered, transactional key-value store with FoundationDB's semantics.
 *
 * <p>Implementations are thread-safe: many threads may create and use transactions concurrently. A
 * store is opened by its backend ({@code RocksDbKvStore.open}, {@code FdbKvStore.open}) and closed
 * once by its owner; transactions still open at close fail with {@link KvError#STORE_CLOSED}.
 */
public interface KvStore extends AutoCloseable {

  /**
   * Creates a new transaction. The caller owns it and must {@link KvTransaction#close() close} it.
   */
  KvTransaction createTransaction();

  /**
   * Runs {@code fn} in a transaction and commits it, retrying retryable errors with the default
   * {@link TransactionRunner}.
   *
   * <p>{@code fn} may be invoked more than once: once per attempt. It must not have side effects
   * outside the transaction that are unsafe to repeat, and it must not keep the transaction after
   * it returns.
   */
  default <T> T run(KvFunction<T> fn) {
    return TransactionRunner.defaults().run(this, fn);
  }

  /**
   * A short human-readable description of the backend, for logs and benchmarks (e.g. {@code
   * "rocksdb:/data"}).
   */
  String describe();

  /** Closes the store and releases its resources. Idempotent. */
  @Override
  void close();
}
