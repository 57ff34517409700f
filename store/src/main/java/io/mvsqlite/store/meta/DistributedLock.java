package io.mvsqlite.store.meta;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvFunction;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.TransactionRunner;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.keys.KeyCodec.TaskLock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease-based lock on one key, shared by every mvstore process on the same KV store (reference
 * §12.3): the timekeeper, truncation and content GC run only where they hold it.
 *
 * <p>The record is {@code {"expiry": unix secs, "owner_id": 16 random bytes}} ({@link
 * KeyCodec#encodeTaskLock}). It can be taken when absent or expired; the holder renews it every
 * {@code renewInterval} (1 s by default) to {@code now + ttl} (5 s by default) from a virtual
 * thread. Expiry relies on wall clocks, so two holders may briefly overlap under clock skew or a
 * stalled holder; safety therefore comes from <b>fencing</b>: protected work runs through {@link
 * #runFenced}, whose transaction re-reads the lock key with a read conflict and checks ownership,
 * so a takeover makes that transaction fail or conflict.
 *
 * <p>Thread-safe. {@link #close()} stops renewal and releases the lock if still held.
 */
public final class DistributedLock implements AutoCloseable {

  public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RENEW_INTERVAL = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(DistributedLock.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final TransactionRunner RUNNER = TransactionRunner.defaults().withMaxAttempts(10);

  private final KvStore kv;
  private final byte[] key;
  private final InstantSource clock;
  private final Duration ttl;
  private final Duration renewInterval;
  private final String name;
  private final byte[] ownerId = new byte[16];

  private boolean held;
  private CountDownLatch stopRenewal;
  private Thread renewer;

  /**
   * @param key the lock key ({@link KeyCodec#globalTask} or {@link KeyCodec#nstask})
   * @param name for logs and thread names
   */
  public DistributedLock(
      KvStore kv,
      byte[] key,
      InstantSource clock,
      Duration ttl,
      Duration renewInterval,
      String name) {
    this.kv = kv;
    this.key = key.clone();
    this.clock = clock;
    this.ttl = ttl;
    this.renewInterval = renewInterval;
    this.name = name;
    RANDOM.nextBytes(ownerId);
  }

  /**
   * Takes the lock if it is free (absent or expired) or already ours, and starts renewing it.
   *
   * @return whether this object now holds the lock
   * @throws KvException when the KV store keeps failing (after the runner's retries)
   */
  public synchronized boolean tryLock() {
    if (held) {
      return true;
    }
    boolean acquired =
        RUNNER.run(
            kv,
            tr -> {
              byte[] value = tr.get(key);
              if (value != null) {
                TaskLock current = decodeOrNull(value);
                if (current != null
                    && !current.isOwnedBy(ownerId)
                    && nowSecs() < current.expirySecs()) {
                  return false;
                }
              }
              tr.set(key, KeyCodec.encodeTaskLock(new TaskLock(expiry(), ownerId)));
              return true;
            });
    if (acquired) {
      held = true;
      startRenewal();
      log.debug("distributed lock {} acquired", name);
    }
    return acquired;
  }

  /**
   * Whether this object believes it holds the lock (it stops believing when renewal finds it taken
   * over).
   */
  public synchronized boolean isHeld() {
    return held;
  }

  /**
   * Runs {@code fn} in a transaction that first verifies, with a read conflict on the lock key,
   * that this object owns the lock, and commits it; retried on retryable KV errors (so {@code fn}
   * may run more than once).
   *
   * @throws MvException {@link ErrorCode#TRANSIENT} "distributed lock lost" when another owner
   *     holds the lock or it is gone; the holder should {@link #unlock()} and try to acquire it
   *     again later
   */
  public <T> T runFenced(KvFunction<T> fn) {
    return RUNNER.run(
        kv,
        tr -> {
          checkOwnership(tr);
          return fn.apply(tr);
        });
  }

  /** Stops renewal and clears the lock key if this object still owns it. Idempotent. */
  public void unlock() {
    Thread toJoin;
    synchronized (this) {
      toJoin = stopRenewalLocked();
      if (!held) {
        joinQuietly(toJoin);
        return;
      }
      held = false;
    }
    joinQuietly(toJoin);
    try {
      RUNNER.run(
          kv,
          tr -> {
            byte[] value = tr.get(key);
            TaskLock current = value == null ? null : decodeOrNull(value);
            if (current != null && current.isOwnedBy(ownerId)) {
              tr.clear(key);
            }
            return null;
          });
    } catch (KvException e) {
      log.warn(
          "could not release distributed lock {}; it expires by itself: {}", name, e.toString());
    }
  }

  @Override
  public void close() {
    unlock();
  }

  private void checkOwnership(KvTransaction tr) {
    byte[] value = tr.get(key);
    TaskLock current = value == null ? null : decodeOrNull(value);
    if (current == null || !current.isOwnedBy(ownerId)) {
      synchronized (this) {
        held = false;
      }
      throw new MvException(ErrorCode.TRANSIENT, "distributed lock lost: " + name);
    }
  }

  private void startRenewal() {
    CountDownLatch stop = new CountDownLatch(1);
    stopRenewal = stop;
    renewer = Thread.ofVirtual().name("lock-renewal-" + name).start(() -> renewLoop(stop));
  }

  private void renewLoop(CountDownLatch stop) {
    try {
      while (!stop.await(renewInterval.toMillis(), TimeUnit.MILLISECONDS)) {
        if (!renewOnce()) {
          log.info("distributed lock {} dropped: taken over or removed", name);
          synchronized (this) {
            held = false;
          }
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** False when the lock is no longer ours; KV trouble is logged and retried at the next tick. */
  private boolean renewOnce() {
    try {
      return RUNNER.run(
          kv,
          tr -> {
            byte[] value = tr.get(key);
            TaskLock current = value == null ? null : decodeOrNull(value);
            if (current == null || !current.isOwnedBy(ownerId)) {
              return false;
            }
            tr.set(key, KeyCodec.encodeTaskLock(new TaskLock(expiry(), ownerId)));
            return true;
          });
    } catch (KvException e) {
      log.warn("renewing distributed lock {} failed, retrying: {}", name, e.toString());
      return true;
    }
  }

  private Thread stopRenewalLocked() {
    if (stopRenewal != null) {
      stopRenewal.countDown();
      stopRenewal = null;
    }
    Thread t = renewer;
    renewer = null;
    return t;
  }

  private static void joinQuietly(Thread t) {
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private long nowSecs() {
    return clock.instant().getEpochSecond();
  }

  private long expiry() {
    return nowSecs() + ttl.toSeconds();
  }

  /**
   * A record that does not decode is treated as free (the reference's "undecodable" case), and
   * logged.
   */
  private TaskLock decodeOrNull(byte[] value) {
    try {
      return KeyCodec.decodeTaskLock(value);
    } catch (MvException e) {
      log.warn(
          "distributed lock {} has a malformed record {}; treating it as free",
          name,
          Bytes.hex(value));
      return null;
    }
  }
}
