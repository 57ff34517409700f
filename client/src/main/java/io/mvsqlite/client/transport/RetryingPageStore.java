package io.mvsqlite.client.transport;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.LockAcquireOutcome;
import io.mvsqlite.protocol.LockReleaseMode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.StatQuery;
import io.mvsqlite.protocol.StatResult;
import io.mvsqlite.protocol.Time2VersionResult;
import io.mvsqlite.protocol.Version;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries the transient failures of another {@link PageStore} ({@link MvException#isRetryable()}:
 * network errors, timeouts, 5xx) with the reference's backoff ({@link Backoff}), until a deadline
 * per operation; final failures (4xx, conflicts) are thrown at once. When the deadline passes, the
 * operation fails with {@link ErrorCode#DEADLINE_EXCEEDED}, naming the last failure: a permanent
 * fault never becomes an endless retry.
 *
 * <p>Commits keep their idempotency key on every attempt; retries send {@code
 * allowSkipIdempotencyCheck = false}, so a commit that landed before its answer was lost is
 * reported as committed, not committed twice.
 *
 * <p>Thread-safe if the delegate is. Blocks the calling thread while it waits; an interrupt ends
 * the wait with {@link ErrorCode#NETWORK} and keeps the thread's interrupt status.
 */
public final class RetryingPageStore implements PageStore {

  private static final Logger LOG = LoggerFactory.getLogger(RetryingPageStore.class);

  private final PageStore delegate;
  private final Duration deadline;

  public RetryingPageStore(PageStore delegate, Duration deadline) {
    this.delegate = delegate;
    this.deadline = deadline;
  }

  /** The store this one retries. */
  public PageStore delegate() {
    return delegate;
  }

  @Override
  public StatResult stat(NamespaceRef ns, Version fromVersion, String lockOwner) {
    return retry("stat", () -> delegate.stat(ns, fromVersion, lockOwner));
  }

  @Override
  public List<StatResult> statGroup(List<StatQuery> queries) {
    return retry("statGroup", () -> delegate.statGroup(queries));
  }

  @Override
  public List<PageData> read(NamespaceRef ns, List<PageRead> reads) {
    return retry("read", () -> delegate.read(ns, reads));
  }

  @Override
  public List<PageHash> write(NamespaceRef ns, List<PageWrite> writes, LeaseId lease) {
    return retry("write", () -> delegate.write(ns, writes, lease));
  }

  @Override
  public void renewLease(NamespaceRef ns, LeaseId lease) {
    retry(
        "renewLease",
        () -> {
          delegate.renewLease(ns, lease);
          return null;
        });
  }

  @Override
  public CommitOutcome commit(CommitRequest request) {
    boolean[] first = {true};
    return retry(
        "commit",
        () -> {
          CommitRequest attempt = first[0] ? request : withoutSkip(request);
          first[0] = false;
          return delegate.commit(attempt);
        });
  }

  @Override
  public Time2VersionResult time2version(long unixSeconds) {
    return retry("time2version", () -> delegate.time2version(unixSeconds));
  }

  @Override
  public LockAcquireOutcome acquireLock(NamespaceRef ns, String owner, Version version) {
    return retry("acquireLock", () -> delegate.acquireLock(ns, owner, version));
  }

  @Override
  public void releaseLock(NamespaceRef ns, String owner, LockReleaseMode mode) {
    retry(
        "releaseLock",
        () -> {
          delegate.releaseLock(ns, owner, mode);
          return null;
        });
  }

  private static CommitRequest withoutSkip(CommitRequest r) {
    return new CommitRequest(
        r.idempotencyKey(), false, r.lockOwner(), r.lease(), r.sharedSnapshot(), r.namespaces());
  }

  private <T> T retry(String operation, Supplier<T> attempt) {
    long start = System.nanoTime();
    long limit = start + deadline.toNanos();
    Backoff backoff = new Backoff(ThreadLocalRandom.current());
    int attempts = 0;
    while (true) {
      attempts++;
      try {
        return attempt.get();
      } catch (MvException e) {
        if (!e.isRetryable()) {
          throw e;
        }
        Duration delay = backoff.next();
        long now = System.nanoTime();
        if (now + delay.toNanos() > limit) {
          long waited = Duration.ofNanos(now - start).toMillis();
          throw new MvException(
              ErrorCode.DEADLINE_EXCEEDED,
              operation
                  + " failed after "
                  + attempts
                  + " attempts in "
                  + waited
                  + " ms (retry deadline "
                  + deadline.toMillis()
                  + " ms, setting retryDeadlineSecs): "
                  + e.code()
                  + ": "
                  + e.getMessage(),
              e);
        }
        LOG.debug(
            "{} failed ({}: {}); retrying in {} ms",
            operation,
            e.code(),
            e.getMessage(),
            delay.toMillis());
        sleep(delay);
      }
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MvException(ErrorCode.NETWORK, "interrupted while waiting to retry", e);
    }
  }
}
