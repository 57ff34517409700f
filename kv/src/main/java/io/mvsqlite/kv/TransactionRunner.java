package io.mvsqlite.kv;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry loop of the KV layer: runs a function in a fresh transaction, commits, and on a
 * retryable {@link KvException} backs off (exponentially, with jitter) and runs it again, up to a
 * bounded number of attempts and a deadline. Final errors are rethrown at once.
 *
 * <p><b>The function may be invoked more than once.</b> Each attempt gets a new transaction; work
 * done by an attempt that failed is discarded. {@link KvError#COMMIT_UNKNOWN_RESULT} is retried
 * too, so the function must be idempotent for that case (write the same keys and values again, or
 * detect its own earlier commit through an idempotency key).
 *
 * <p>Instances are immutable and thread-safe.
 */
public record TransactionRunner(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration deadline) {

  private static final Logger log = LoggerFactory.getLogger(TransactionRunner.class);
  private static final TransactionRunner DEFAULTS =
      new TransactionRunner(
          100, Duration.ofMillis(5), Duration.ofMillis(500), Duration.ofSeconds(60));

  public TransactionRunner {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** 100 attempts, backoff from 5 ms doubling to 500 ms, at most 60 s in all. */
  public static TransactionRunner defaults() {
    return DEFAULTS;
  }

  public TransactionRunner withMaxAttempts(int attempts) {
    return new TransactionRunner(attempts, initialBackoff, maxBackoff, deadline);
  }

  /**
   * Runs {@code fn} in a transaction of {@code store} and commits it, retrying as described in the
   * class comment.
   *
   * @return what {@code fn} returned in the attempt that committed
   * @throws KvException a final error, or the last retryable one once attempts or time run out
   */
  public <T> T run(KvStore store, KvFunction<T> fn) {
    return runWithCommit(
        store,
        tr -> {
          T value = fn.apply(tr);
          tr.commit();
          return value;
        });
  }

  /**
   * Like {@link #run}, but {@code fn} commits itself (for callers that need the {@link
   * CommitResult}). The transaction is closed after every attempt.
   */
  public <T> T runWithCommit(KvStore store, KvFunction<T> fn) {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    long backoffNanos = initialBackoff.toNanos();
    for (int attempt = 1; ; attempt++) {
      try (KvTransaction tr = store.createTransaction()) {
        return fn.apply(tr);
      } catch (KvException e) {
        if (!e.isRetryable()
            || attempt >= maxAttempts
            || System.nanoTime() + backoffNanos > deadlineNanos) {
          throw e;
        }
        log.debug("retrying KV transaction after {} (attempt {})", e.error(), attempt);
      }
      long sleep = backoffNanos / 2 + ThreadLocalRandom.current().nextLong(backoffNanos / 2 + 1);
      LockSupport.parkNanos(sleep);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new KvException(KvError.TRANSACTION_CANCELLED, "interrupted while backing off");
      }
      backoffNanos = Math.min(backoffNanos * 2, maxBackoff.toNanos());
    }
  }
}
