package io.mvsqlite.kv.rocksdb;

import static io.mvsqlite.kv.KvTestData.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvTransaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers at old read versions race the committer, which releases snapshots as they leave a very
 * short MVCC window. A snapshot released while a read used it would crash the JVM; here every read
 * either succeeds with the value of its read version or fails with {@link
 * KvError#TRANSACTION_TOO_OLD}.
 */
class SnapshotLifetimeStressTest {

  private static final long SEED = 31_337L;

  @TempDir Path dir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void readsNeverOutliveTheirSnapshot() throws Exception {
    RocksDbKvConfig config =
        RocksDbKvConfig.defaults(dir.resolve("db"))
            .withStrict(true)
            .withSyncWrites(false)
            .withMvccWindowMillis(5);
    try (RocksDbKvStore store = RocksDbKvStore.open(config)) {
      AtomicLong lastVersion = new AtomicLong();
      AtomicInteger reads = new AtomicInteger();
      AtomicInteger tooOld = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      int readers = 6;
      List<Future<?>> futures = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(readers + 1)) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 3_000; i++) {
                    try (KvTransaction tr = store.createTransaction()) {
                      tr.set(bytes("k"), bytes(Integer.toString(i)));
                      tr.set(bytes("r" + (i % 50)), bytes(Integer.toString(i)));
                      lastVersion.set(tr.commit().version());
                    }
                  }
                  return null;
                }));
        for (int t = 0; t < readers; t++) {
          Random random = new Random(SEED + t);
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < 1_500; i++) {
                      try (KvTransaction tr = store.createTransaction()) {
                        long version = lastVersion.get();
                        if (version > 0 && random.nextBoolean()) {
                          tr.setReadVersion(version);
                        }
                        tr.snapshot().get(bytes("k"));
                        tr.snapshot()
                            .getRange(
                                bytes("r"), bytes("s"), random.nextInt(20), random.nextBoolean());
                        reads.incrementAndGet();
                      } catch (KvException e) {
                        assertThat(e.error()).isEqualTo(KvError.TRANSACTION_TOO_OLD);
                        tooOld.incrementAndGet();
                      }
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> f : futures) {
          f.get();
        }
      }
      assertThat(reads.get()).as("reads that succeeded (seed %d)", SEED).isPositive();
      assertThat(tooOld.get())
          .as("reads that lost the race to the window (seed %d)", SEED)
          .isPositive();
      System.out.printf("snapshot stress: %d reads, %d too old%n", reads.get(), tooOld.get());
    }
    // Closing waited for every read and released every snapshot: nothing is left to leak or crash.
  }
}
