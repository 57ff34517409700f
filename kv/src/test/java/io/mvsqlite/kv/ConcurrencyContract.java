package io.mvsqlite.kv;

import static io.mvsqlite.kv.KvTestData.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Contract: many threads and transactions at once. */
public interface ConcurrencyContract extends KvContractFixture {

  /**
   * The fixed seed of {@link #randomTransactionsAreSerializable()}; it is printed in any failure.
   */
  long RANDOM_SEED = 0x5EED_2025L;

  @Test
  default void concurrentIncrementsThroughTheRunnerAreExact() throws Exception {
    int threads = 16;
    int iterations = 25;
    runConcurrently(
        threads,
        thread -> {
          for (int i = 0; i < iterations; i++) {
            store()
                .run(
                    tr -> {
                      String old = KvTestData.str(tr.get(key("counter")));
                      long next = (old == null ? 0 : Long.parseLong(old)) + 1;
                      tr.set(key("counter"), bytes(Long.toString(next)));
                      return null;
                    });
          }
        });
    assertThat(valueOf("counter")).isEqualTo(Integer.toString(threads * iterations));
  }

  @Test
  default void concurrentTransactionsOnDisjointKeysAllCommit() throws Exception {
    int threads = 16;
    int iterations = 25;
    TransactionRunner noRetries =
        new TransactionRunner(
            1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(30));
    runConcurrently(
        threads,
        thread -> {
          for (int i = 0; i < iterations; i++) {
            noRetries.run(
                store(),
                tr -> {
                  String old = KvTestData.str(tr.get(key("t" + thread)));
                  tr.getRange(key("t" + thread + "/"), key("t" + thread + "0"));
                  tr.set(
                      key("t" + thread),
                      bytes(old == null ? "1" : Integer.toString(Integer.parseInt(old) + 1)));
                  return null;
                });
          }
        });
    for (int t = 0; t < threads; t++) {
      assertThat(valueOf("t" + t)).isEqualTo(Integer.toString(iterations));
    }
  }

  @Test
  default void randomTransactionsAreSerializable() throws Exception {
    RandomTransactionCheck check = new RandomTransactionCheck(store(), prefix(), RANDOM_SEED, 10);
    RandomTransactionCheck.Outcome outcome = check.run(6, 80);
    List<KeyValue> finalContents;
    try (KvTransaction tr = store().createTransaction()) {
      finalContents = tr.getRange(prefix(), prefixEnd());
    }
    check.check(outcome, finalContents);
    System.out.printf(
        "randomTransactionsAreSerializable: seed %d, %d committed, %d conflicts%n",
        RANDOM_SEED, outcome.committed().size(), outcome.conflicts());
    assertThat(outcome.committed())
        .as("committed transactions (seed %d)", RANDOM_SEED)
        .isNotEmpty();
  }

  /** A body run by one of several threads that start together. */
  @FunctionalInterface
  interface ThreadBody {
    void run(int thread) throws Exception;
  }

  private static void runConcurrently(int threads, ThreadBody body) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  body.run(thread);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    }
  }
}
