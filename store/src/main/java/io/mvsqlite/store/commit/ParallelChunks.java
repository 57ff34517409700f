package io.mvsqlite.store.commit;

import io.mvsqlite.kv.KvFutures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Runs numbered chunks of work on a bounded number of workers: the fan-out of staging and merging.
 * Each worker is plain blocking code on the executor (virtual threads), taking the next chunk
 * number until none is left or the run stops. Stateless.
 */
final class ParallelChunks {

  private ParallelChunks() {}

  /**
   * Runs {@code chunk.apply(i)} for every {@code i} in {@code [0, count)} on at most {@code
   * parallelism} workers. After the first result that {@code stops} accepts, or the first
   * exception, no further chunk is started (chunks in progress finish).
   *
   * @return the first stopping result, or {@code null} if every chunk ran without one
   * @throws RuntimeException the first exception a chunk threw, rethrown after every worker
   *     finished
   */
  static <R> R run(
      Executor executor, int count, int parallelism, IntFunction<R> chunk, Predicate<R> stops) {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<R> stopped = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker =
        () -> {
          while (stopped.get() == null && failure.get() == null) {
            int i = next.getAndIncrement();
            if (i >= count) {
              return;
            }
            try {
              R result = chunk.apply(i);
              if (stops.test(result)) {
                stopped.compareAndSet(null, result);
              }
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            }
          }
        };
    int workers = Math.max(1, Math.min(parallelism, count));
    List<CompletableFuture<Void>> running = new ArrayList<>(workers);
    for (int w = 0; w < workers; w++) {
      running.add(CompletableFuture.runAsync(worker, executor));
    }
    for (CompletableFuture<Void> f : running) {
      KvFutures.join(f);
    }
    Throwable t = failure.get();
    if (t != null) {
      throw KvFutures.unwrap(t);
    }
    return stopped.get();
  }
}
