package io.mvsqlite.kv.rocksdb;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Commit and read versions: microseconds of a monotonic clock, strictly increasing like
 * FoundationDB's versions (about one million per second).
 *
 * <p>The clock starts at the wall-clock time of opening, or just after the last persisted commit
 * version if that is later (the wall clock went backwards across a restart), and then advances with
 * {@link System#nanoTime()}, so versions never go backwards while the store is open either.
 *
 * <h2>Invariant</h2>
 *
 * Every commit with version {@code <= r} is published (visible through the snapshot registry)
 * before read version {@code r} is handed out, and every commit published later has a version
 * {@code > r}. The group committer brackets each batch with {@link #beginCommit()} (picks {@code v
 * = max(last + 1, now, maxReadIssued + 1)}) and {@link #publish(long)} / {@link #abandon(long)};
 * {@link #readVersion()} answers {@code max(published, now)} when no batch is in flight and {@code
 * inFlight - 1} while one is (no version lies between the published one and the in-flight one, so
 * the state at {@code inFlight - 1} is the published state, yet the answer stays close to the clock
 * even after an idle period). Both take one short lock; the batch's write happens outside it.
 *
 * <p>Thread-safe.
 */
final class VersionClock {

  private static final long NONE = Long.MIN_VALUE;

  private final ReentrantLock lock = new ReentrantLock();
  private final LongSupplier nanoTime;
  private final long baseMicros;
  private final long baseNanos;

  private long published;
  private long lastAssigned;
  private long maxReadIssued;
  private long inFlight = NONE;

  /**
   * @param lastCommitted the last commit version persisted by a previous run (0 for a new store)
   * @param wallMicros the current wall-clock time in microseconds
   * @param nanoTime a monotonic nanosecond clock ({@code System::nanoTime} outside tests)
   */
  VersionClock(long lastCommitted, long wallMicros, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.baseNanos = nanoTime.getAsLong();
    this.baseMicros = Math.max(wallMicros, lastCommitted + 1);
    this.published = lastCommitted;
    this.lastAssigned = lastCommitted;
    this.maxReadIssued = lastCommitted;
  }

  static VersionClock system(long lastCommitted) {
    return new VersionClock(lastCommitted, System.currentTimeMillis() * 1_000L, System::nanoTime);
  }

  /** The current time in version units (microseconds). */
  long nowMicros() {
    return baseMicros + (nanoTime.getAsLong() - baseNanos) / 1_000L;
  }

  /**
   * A read version (GRV): every commit at or below it is published; every later commit gets a
   * larger version.
   */
  long readVersion() {
    lock.lock();
    try {
      long v = inFlight != NONE ? inFlight - 1 : Math.max(published, nowMicros());
      maxReadIssued = Math.max(maxReadIssued, v);
      return v;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Picks the version of the next commit batch and marks it in flight. Only the committer calls
   * this.
   */
  long beginCommit() {
    lock.lock();
    try {
      if (inFlight != NONE) {
        throw new IllegalStateException("a commit batch is already in flight");
      }
      long v = Math.max(Math.max(lastAssigned + 1, nowMicros()), maxReadIssued + 1);
      lastAssigned = v;
      inFlight = v;
      return v;
    } finally {
      lock.unlock();
    }
  }

  /** The in-flight batch is durable and its snapshot registered: read versions may now reach it. */
  void publish(long version) {
    lock.lock();
    try {
      checkInFlight(version);
      published = version;
      inFlight = NONE;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The in-flight batch wrote nothing (all its transactions failed, or the write failed). Its
   * version is burnt.
   */
  void abandon(long version) {
    lock.lock();
    try {
      checkInFlight(version);
      inFlight = NONE;
    } finally {
      lock.unlock();
    }
  }

  /** The newest version ever handed out or published: anything larger is a future version. */
  long newestKnown() {
    lock.lock();
    try {
      return Math.max(published, maxReadIssued);
    } finally {
      lock.unlock();
    }
  }

  long published() {
    lock.lock();
    try {
      return published;
    } finally {
      lock.unlock();
    }
  }

  private void checkInFlight(long version) {
    if (inFlight != version) {
      throw new IllegalStateException("version " + version + " is not the one in flight");
    }
  }
}
