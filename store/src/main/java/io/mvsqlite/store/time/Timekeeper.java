package io.mvsqlite.store.time;

import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.meta.DistributedLock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background task that records time-to-version points (reference §7): on the one process
 * holding the global distributed lock {@code "timekeeper"}, every {@code interval} (5 s by default)
 * write {@code time2version(now_secs) = <versionstamp of that commit>}, in a transaction fenced by
 * the lock. On lock loss or a KV failure it releases the lock and tries again at the next tick.
 * Entries are never deleted (reference §16.9; about 17,000 a day).
 *
 * <p>Runs on one virtual thread from {@link #start()} until {@link #close()}, which waits for it to
 * finish and releases the lock. Thread-safe.
 */
public final class Timekeeper implements AutoCloseable {

  public static final String TASK = "timekeeper";

  private static final Logger log = LoggerFactory.getLogger(Timekeeper.class);

  private final KeyCodec keys;
  private final InstantSource clock;
  private final Duration interval;
  private final DistributedLock lock;
  private final CountDownLatch stop = new CountDownLatch(1);
  private Thread thread;

  public Timekeeper(KvStore kv, KeyCodec keys, InstantSource clock, Duration interval) {
    this(
        kv,
        keys,
        clock,
        interval,
        DistributedLock.DEFAULT_TTL,
        DistributedLock.DEFAULT_RENEW_INTERVAL);
  }

  public Timekeeper(
      KvStore kv,
      KeyCodec keys,
      InstantSource clock,
      Duration interval,
      Duration lockTtl,
      Duration lockRenewal) {
    this.keys = keys;
    this.clock = clock;
    this.interval = interval;
    this.lock = new DistributedLock(kv, keys.globalTask(TASK), clock, lockTtl, lockRenewal, TASK);
  }

  public synchronized void start() {
    if (thread == null) {
      thread = Thread.ofVirtual().name("timekeeper").start(this::loop);
    }
  }

  private void loop() {
    try {
      do {
        tick();
      } while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private void tick() {
    try {
      if (!lock.tryLock()) {
        return;
      }
      long now = clock.instant().getEpochSecond();
      lock.runFenced(
          tr -> {
            tr.mutate(
                MutationType.SET_VERSIONSTAMPED_VALUE,
                keys.time2version(now),
                KeyCodec.versionstampValueTemplate());
            return null;
          });
    } catch (RuntimeException e) {
      log.warn("timekeeper tick failed; releasing the lock and retrying later: {}", e.toString());
      lock.unlock();
    }
  }

  /**
   * Whether this timekeeper currently holds the global timekeeper lock (and so records the points).
   */
  public boolean isLeader() {
    return lock.isHeld();
  }

  /** Stops the task, waits for it, and releases the lock. Idempotent. */
  @Override
  public void close() {
    stop.countDown();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      lock.unlock();
    }
  }
}
