package io.mvsqlite.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an operation in a loop on several threads for a fixed time and reports units per second.
 *
 * <p>Platform threads, not virtual ones: RocksDB's JNI calls pin a virtual thread's carrier, so
 * virtual threads would cap the concurrency at the number of cores and measure the scheduler
 * instead of the store.
 */
final class Throughput {

  /** One operation of a workload. Returns how many units (reads, keys, commits) it completed. */
  @FunctionalInterface
  interface Operation {
    long run(int thread, SplittableRandom random);
  }

  private Throughput() {}

  /**
   * Runs {@code op} on {@code threads} threads until {@code duration} has passed, and returns the
   * units completed per second of wall-clock time, from the moment all threads are released until
   * the last one stops.
   *
   * @throws IllegalStateException if any operation failed (the first failure is the cause)
   */
  static double measure(int threads, Duration duration, long seed, Operation op) {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    long[] units = new long[threads];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] deadline = new long[1];
    List<Thread> workers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      SplittableRandom random = new SplittableRandom(seed * 1_000_003 + t);
      workers.add(
          Thread.ofPlatform()
              .name("bench-" + t)
              .start(
                  () -> {
                    ready.countDown();
                    await(go);
                    long done = 0;
                    try {
                      while (System.nanoTime() < deadline[0] && failure.get() == null) {
                        done += op.run(thread, random);
                      }
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    }
                    units[thread] = done;
                  }));
    }
    await(ready);
    long start = System.nanoTime();
    deadline[0] = start + duration.toNanos();
    go.countDown();
    for (Thread w : workers) {
      join(w);
    }
    long elapsed = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException("benchmark operation failed", failure.get());
    }
    long total = 0;
    for (long u : units) {
      total += u;
    }
    return total / (elapsed / 1e9);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
