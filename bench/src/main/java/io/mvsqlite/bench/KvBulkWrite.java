package io.mvsqlite.bench;

import io.mvsqlite.kv.KvStore;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The KV counterpart of {@link StoreBenchmark}'s huge commit: the same number of page-sized values,
 * written straight into a {@link KvStore} in transactions of as many values as an upload carries,
 * with as many transactions in flight as uploads. What the store adds on top of this (hashing,
 * compression, the content and page indexes, the commit) is the difference between the two
 * durations.
 *
 * <p>Values are {@link PageContents} (incompressible, as the pages are) under keys {@code 0xfe ‖
 * index}. Platform threads, for the reason {@link Throughput} gives. Stateless.
 */
final class KvBulkWrite {

  private static final byte KEY_PREFIX = (byte) 0xfe;
  private static final int STREAM = 2;

  private KvBulkWrite() {}

  /**
   * Writes values {@code 0 .. values-1} and returns how long that took.
   *
   * @throws IllegalStateException if a transaction fails (after the runner's retries)
   */
  static Duration run(
      KvStore store, PageContents contents, int values, int batch, int concurrency) {
    int batches = (values + batch - 1) / batch;
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < Math.min(concurrency, batches); w++) {
      workers.add(
          Thread.ofPlatform()
              .name("bench-kv-bulk-" + w)
              .start(
                  () -> {
                    for (int b = next.getAndIncrement();
                        b < batches && failure.get() == null;
                        b = next.getAndIncrement()) {
                      int from = b * batch;
                      int to = Math.min(values, from + batch);
                      List<byte[]> data = new ArrayList<>(to - from);
                      for (int i = from; i < to; i++) {
                        data.add(contents.make(STREAM, i));
                      }
                      try {
                        store.run(
                            tr -> {
                              for (int i = from; i < to; i++) {
                                tr.set(
                                    ByteBuffer.allocate(5).put(KEY_PREFIX).putInt(i).array(),
                                    data.get(i - from));
                              }
                              return null;
                            });
                      } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                      }
                    }
                  }));
    }
    for (Thread w : workers) {
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a KV bulk write failed", failure.get());
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
