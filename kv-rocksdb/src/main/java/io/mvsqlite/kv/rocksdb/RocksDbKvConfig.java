package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.KvLimits;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open an embedded store. Immutable; build it with {@link #defaults(Path)} and the {@code
 * with...} methods.
 *
 * @param directory where RocksDB keeps its files (created if missing); one store per directory and
 *     process
 * @param strict enforce FoundationDB's limits (key, value and transaction sizes) so that code
 *     proven on this store also runs on FoundationDB. The default comes from the system property
 *     {@code mvsqlite.strict}, which the build sets to {@code true} in tests
 * @param syncWrites fsync the write-ahead log before acknowledging a commit (the default), so an
 *     acknowledged commit survives a crash of the process or the machine. {@code false} is a
 *     relaxed mode: commits still survive a crash of the process (the log is written before the
 *     acknowledgement) but the last ones may be lost when the machine loses power
 * @param mvccWindowMillis how long a read version stays readable, and so how long a transaction may
 *     live (5,000 as on FoundationDB; tests shorten it)
 * @param blockCacheBytes size of RocksDB's block cache
 * @param maxBatchTransactions most transactions in one commit batch (at most 65,536: the batch
 *     order is 16 bits)
 * @param maxBatchBytes mutation bytes after which a commit batch is closed (a single larger
 *     transaction still gets a batch of its own)
 */
public record RocksDbKvConfig(
    Path directory,
    boolean strict,
    boolean syncWrites,
    long mvccWindowMillis,
    long blockCacheBytes,
    int maxBatchTransactions,
    long maxBatchBytes) {

  /** The system property giving the default of {@link #strict()}. */
  public static final String STRICT_PROPERTY = "mvsqlite.strict";

  public RocksDbKvConfig {
    Objects.requireNonNull(directory, "directory");
    if (mvccWindowMillis <= 0) {
      throw new IllegalArgumentException("mvccWindowMillis must be positive");
    }
    if (blockCacheBytes < 0) {
      throw new IllegalArgumentException("blockCacheBytes must not be negative");
    }
    if (maxBatchTransactions < 1 || maxBatchTransactions > 65_536) {
      throw new IllegalArgumentException("maxBatchTransactions must be in [1, 65536]");
    }
    if (maxBatchBytes < 1) {
      throw new IllegalArgumentException("maxBatchBytes must be positive");
    }
  }

  /**
   * Synced writes, FoundationDB's 5 s window, a 64 MiB block cache, batches of at most 1,000
   * transactions or 64 MiB, and strict mode if the system property {@value #STRICT_PROPERTY} is
   * {@code true}.
   */
  public static RocksDbKvConfig defaults(Path directory) {
    return new RocksDbKvConfig(
        directory,
        Boolean.getBoolean(STRICT_PROPERTY),
        true,
        KvLimits.MVCC_WINDOW_MILLIS,
        64L << 20,
        1_000,
        64L << 20);
  }

  public RocksDbKvConfig withStrict(boolean value) {
    return new RocksDbKvConfig(
        directory,
        value,
        syncWrites,
        mvccWindowMillis,
        blockCacheBytes,
        maxBatchTransactions,
        maxBatchBytes);
  }

  public RocksDbKvConfig withSyncWrites(boolean value) {
    return new RocksDbKvConfig(
        directory,
        strict,
        value,
        mvccWindowMillis,
        blockCacheBytes,
        maxBatchTransactions,
        maxBatchBytes);
  }

  public RocksDbKvConfig withMvccWindowMillis(long value) {
    return new RocksDbKvConfig(
        directory, strict, syncWrites, value, blockCacheBytes, maxBatchTransactions, maxBatchBytes);
  }

  public RocksDbKvConfig withBlockCacheBytes(long value) {
    return new RocksDbKvConfig(
        directory,
        strict,
        syncWrites,
        mvccWindowMillis,
        value,
        maxBatchTransactions,
        maxBatchBytes);
  }

  public RocksDbKvConfig withMaxBatch(int transactions, long bytes) {
    return new RocksDbKvConfig(
        directory, strict, syncWrites, mvccWindowMillis, blockCacheBytes, transactions, bytes);
  }

  /** The MVCC window in microseconds, the unit of versions. */
  long mvccWindowMicros() {
    return Math.multiplyExact(mvccWindowMillis, 1_000L);
  }
}
