package io.mvsqlite.store.gc;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.CommitResult;
import io.mvsqlite.kv.ForwardingKvTransaction;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvReader;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: passes everything to a real store, except at one point, where the calling thread
 * waits until the test {@linkplain #release() releases} it: just before the commit of a transaction
 * that wrote (set, cleared or mutated) a key in {@code [begin, end)} ({@link
 * Point#COMMIT_AFTER_WRITE}), or just before a range read starting in {@code [begin, end)} ({@link
 * Point#RANGE_READ}). So a test can run something else exactly between two steps of a
 * multi-transaction operation. After the release nothing waits any more. Does not own the delegate.
 * Thread-safe.
 */
final class PausingKvStore implements KvStore {

  /** Where to wait. */
  enum Point {
    COMMIT_AFTER_WRITE,
    RANGE_READ
  }

  private final KvStore delegate;
  private final byte[] begin;
  private final byte[] end;
  private final Point point;
  private final CountDownLatch reached = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  PausingKvStore(KvStore delegate, byte[][] range) {
    this(delegate, range, Point.COMMIT_AFTER_WRITE);
  }

  PausingKvStore(KvStore delegate, byte[][] range, Point point) {
    this.delegate = delegate;
    this.begin = range[0];
    this.end = range[1];
    this.point = point;
  }

  private boolean inRange(byte[] key) {
    return Bytes.compare(key, begin) >= 0 && Bytes.compare(key, end) < 0;
  }

  private void pause() {
    reached.countDown();
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void beforeRangeRead(byte[] from) {
    if (point == Point.RANGE_READ && released.getCount() > 0 && inRange(from)) {
      pause();
    }
  }

  /** Waits until a transaction is held before its commit. */
  boolean awaitPaused(long seconds) throws InterruptedException {
    return reached.await(seconds, TimeUnit.SECONDS);
  }

  /** Lets every held transaction, and all later ones, commit. */
  void release() {
    released.countDown();
  }

  @Override
  public KvTransaction createTransaction() {
    return new Tr(delegate.createTransaction());
  }

  @Override
  public String describe() {
    return "pausing(" + delegate.describe() + ")";
  }

  @Override
  public void close() {}

  private final class Tr extends ForwardingKvTransaction {
    private volatile boolean hold;

    Tr(KvTransaction tr) {
      super(tr);
    }

    private void watch(byte[] key) {
      if (point == Point.COMMIT_AFTER_WRITE && inRange(key)) {
        hold = true;
      }
    }

    @Override
    public CompletableFuture<List<KeyValue>> getRangeAsync(
        byte[] b, byte[] e, int limit, boolean reverse) {
      beforeRangeRead(b);
      return delegate().getRangeAsync(b, e, limit, reverse);
    }

    @Override
    public KvReader snapshot() {
      KvReader snap = delegate().snapshot();
      return new KvReader() {
        @Override
        public CompletableFuture<byte[]> getAsync(byte[] key) {
          return snap.getAsync(key);
        }

        @Override
        public CompletableFuture<List<KeyValue>> getRangeAsync(
            byte[] b, byte[] e, int limit, boolean reverse) {
          beforeRangeRead(b);
          return snap.getRangeAsync(b, e, limit, reverse);
        }
      };
    }

    @Override
    public void set(byte[] key, byte[] value) {
      watch(key);
      delegate().set(key, value);
    }

    @Override
    public void clear(byte[] key) {
      watch(key);
      delegate().clear(key);
    }

    @Override
    public void clearRange(byte[] b, byte[] e) {
      watch(b);
      delegate().clearRange(b, e);
    }

    @Override
    public void mutate(MutationType type, byte[] key, byte[] param) {
      watch(key);
      delegate().mutate(type, key, param);
    }

    @Override
    public CommitResult commit() {
      if (hold && released.getCount() > 0) {
        pause();
      }
      return delegate().commit();
    }
  }
}
