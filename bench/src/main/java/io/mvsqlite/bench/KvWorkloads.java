package io.mvsqlite.bench;

import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvFutures;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The data set and the operations of the KV benchmark over one store.
 *
 * <p>Loaded keys are {@code bench/k/<10-digit index>}; written keys are {@code bench/w/} and then
 * the writer and a sequence number as 4 and 8 big-endian bytes, so writers never touch each other's
 * keys (the commits measure the store, not conflicts). Every read checks that it found what was
 * loaded, so a broken store cannot produce a fast, wrong number.
 */
final class KvWorkloads {

  private static final int LOAD_BATCH_KEYS = 1_000;
  private static final byte[] END_OF_LOADED_KEYS = "bench/k0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] WRITE_PREFIX = "bench/w/".getBytes(StandardCharsets.US_ASCII);

  private final KvStore store;
  private final BenchmarkSettings settings;
  private final byte[] value;

  /** Encoded once: formatting keys in the loop would be measured too. */
  private final byte[][] keys;

  /** Shared by all writers and runs, so no two commits ever write the same key. */
  private final AtomicLong writeSequence = new AtomicLong();

  KvWorkloads(KvStore store, BenchmarkSettings settings) {
    this.store = store;
    this.settings = settings;
    this.value = new byte[settings.valueBytes()];
    new SplittableRandom(settings.seed()).nextBytes(value);
    this.keys = new byte[settings.keys()][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = loadedKey(i);
    }
  }

  static byte[] loadedKey(int index) {
    return String.format("bench/k/%010d", index).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * True if the last loaded key is present with the expected value (the data set survives in {@code
   * --dir}).
   */
  boolean isLoaded() {
    byte[] last = store.run(tr -> tr.get(loadedKey(settings.keys() - 1)));
    return last != null && last.length == value.length;
  }

  /** Writes every key, {@value #LOAD_BATCH_KEYS} per transaction. */
  void load() {
    for (int from = 0; from < settings.keys(); from += LOAD_BATCH_KEYS) {
      int start = from;
      int end = Math.min(settings.keys(), from + LOAD_BATCH_KEYS);
      store.run(
          tr -> {
            for (int i = start; i < end; i++) {
              tr.set(loadedKey(i), value);
            }
            return null;
          });
    }
  }

  Throughput.Operation operation(Workload workload) {
    return switch (workload) {
      case POINT_READ -> this::pointRead;
      case POINT_READ_BATCH -> this::pointReadBatch;
      case RANGE_READ -> this::rangeRead;
      case SMALL_COMMIT -> this::smallCommit;
    };
  }

  private long pointRead(int thread, SplittableRandom random) {
    try (KvTransaction tr = store.createTransaction()) {
      checkFound(tr.get(keys[random.nextInt(keys.length)]));
    }
    return 1;
  }

  private long pointReadBatch(int thread, SplittableRandom random) {
    int n = settings.batchReads();
    try (KvTransaction tr = store.createTransaction()) {
      List<CompletableFuture<byte[]>> reads = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        reads.add(tr.getAsync(keys[random.nextInt(keys.length)]));
      }
      for (CompletableFuture<byte[]> read : reads) {
        checkFound(KvFutures.join(read));
      }
    }
    return n;
  }

  private long rangeRead(int thread, SplittableRandom random) {
    int n = settings.rangeKeys();
    int start = random.nextInt(keys.length - n + 1);
    List<KeyValue> rows;
    try (KvTransaction tr = store.createTransaction()) {
      rows = tr.getRange(keys[start], END_OF_LOADED_KEYS, n, false);
    }
    if (rows.size() != n) {
      throw new IllegalStateException(
          "range read returned " + rows.size() + " keys, expected " + n);
    }
    return n;
  }

  private long smallCommit(int thread, SplittableRandom random) {
    byte[] key =
        ByteBuffer.allocate(WRITE_PREFIX.length + 12)
            .put(WRITE_PREFIX)
            .putInt(thread)
            .putLong(writeSequence.incrementAndGet())
            .array();
    try (KvTransaction tr = store.createTransaction()) {
      tr.set(key, value);
      tr.commit();
    }
    return 1;
  }

  private void checkFound(byte[] found) {
    if (found == null || found.length != value.length) {
      throw new IllegalStateException("a loaded key was missing or had the wrong value");
    }
  }
}
