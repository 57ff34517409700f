package io.mvsqlite.kv.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.FaultInjectingKvStore;
import io.mvsqlite.kv.FaultKind;
import io.mvsqlite.kv.FaultPlan;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.TransactionRunner;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injecting wrapper over the real embedded store: the retry runner, with an idempotency
 * marker per increment, reaches the exact total although reads and commits fail at random,
 * including commits whose result is unknown but which did take effect.
 */
class FaultInjectingRocksDbTest {

  private static final byte[] COUNTER = "counter".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MARKERS = "marker/".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MARKERS_END = "marker0".getBytes(StandardCharsets.US_ASCII);

  @Test
  void runnerReachesTheExactTotalDespiteConflictsTransientAndUnknownResults(@TempDir Path dir)
      throws Exception {
    long seed = 0x5eed_2024L;
    int threads = 16;
    int incrementsPerThread = 25;
    FaultPlan plan = new FaultPlan(seed, 0.05, 0.05, 0.05, 0.05);
    // The fault rate is far above any real cluster's, so allow more attempts than the default
    // runner.
    TransactionRunner runner = TransactionRunner.defaults().withMaxAttempts(1_000);

    try (FaultInjectingKvStore store = new FaultInjectingKvStore(open(dir), plan)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> workers = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
        for (int t = 0; t < threads; t++) {
          int thread = t;
          workers.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < incrementsPerThread; i++) {
                      incrementOnce(store, runner, marker(thread, i));
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> w : workers) {
          awaitWorker(w, seed);
        }
      }

      long expected = (long) threads * incrementsPerThread;
      List<KeyValue> markers = store.run(tr -> tr.snapshot().getRange(MARKERS, MARKERS_END));
      String context = "seed " + seed + ", faults " + store.injectedCounts();
      assertThat(readCounter(store)).as(context).isEqualTo(expected);
      assertThat(markers).as(context).hasSize((int) expected);
      for (FaultKind kind : FaultKind.values()) {
        assertThat(store.injected(kind)).as("%s injected; %s", kind, context).isPositive();
      }
    }
  }

  @Test
  void unknownButCommittedResultsDoubleCountWithoutAnIdempotencyMarker(@TempDir Path dir) {
    long seed = 77;
    int increments = 200;
    FaultPlan plan = new FaultPlan(seed, 0, 0, 0.2, 0);

    try (FaultInjectingKvStore store = new FaultInjectingKvStore(open(dir), plan)) {
      for (int i = 0; i < increments; i++) {
        store.run(
            tr -> {
              byte[] current = tr.get(COUNTER);
              tr.set(COUNTER, encode(current == null ? 1 : decode(current) + 1));
              return null;
            });
      }

      long committedTwice = store.injected(FaultKind.COMMIT_UNKNOWN_COMMITTED);
      assertThat(committedTwice).as("seed %d", seed).isPositive();
      assertThat(readCounter(store)).as("seed %d", seed).isEqualTo(increments + committedTwice);
    }
  }

  /**
   * One increment, idempotent: the marker, written in the same transaction, tells a retry that an
   * earlier attempt whose commit result was unknown did in fact commit.
   */
  private static void incrementOnce(KvStore store, TransactionRunner runner, byte[] marker) {
    runner.run(
        store,
        tr -> {
          if (tr.get(marker) != null) {
            return null;
          }
          byte[] current = tr.get(COUNTER);
          tr.set(COUNTER, encode(current == null ? 1 : decode(current) + 1));
          tr.set(marker, new byte[0]);
          return null;
        });
  }

  private static KvStore open(Path dir) {
    return RocksDbKvStore.open(RocksDbKvConfig.defaults(dir).withSyncWrites(false));
  }

  private static long readCounter(FaultInjectingKvStore store) {
    byte[] value =
        TransactionRunner.defaults().withMaxAttempts(1_000).run(store, tr -> tr.get(COUNTER));
    return value == null ? 0 : decode(value);
  }

  private static byte[] marker(int thread, int increment) {
    return ("marker/" + thread + "/" + increment).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] encode(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  private static long decode(byte[] v) {
    return ByteBuffer.wrap(v).getLong();
  }

  private static void awaitWorker(Future<?> worker, long seed) throws InterruptedException {
    try {
      worker.get();
    } catch (ExecutionException e) {
      throw new AssertionError("worker failed (seed " + seed + ")", e.getCause());
    }
  }
}
