package io.mvsqlite.store.read;

import io.mvsqlite.kv.CommitResult;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvReader;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.kv.TransactionOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: passes everything to a real store, except that the first {@link
 * KvTransaction#getReadVersion()} that asks the store for a read version waits, <em>after</em> the
 * store answered, until the test {@linkplain #release() releases} it. So a test can commit
 * something between "read version obtained" and "read version used". Later calls do not wait. Does
 * not own the delegate. Thread-safe.
 */
final class ReadVersionHoldingKvStore implements KvStore {

  private final KvStore delegate;
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  ReadVersionHoldingKvStore(KvStore delegate) {
    this.delegate = delegate;
  }

  /** Waits until a caller holds a read version. */
  boolean awaitHeld(long seconds) throws InterruptedException {
    return held.await(seconds, TimeUnit.SECONDS);
  }

  /** Lets the held caller, and all later ones, go on. */
  void release() {
    released.countDown();
  }

  @Override
  public KvTransaction createTransaction() {
    return new Tr(delegate.createTransaction());
  }

  @Override
  public String describe() {
    return "holding(" + delegate.describe() + ")";
  }

  @Override
  public void close() {
    release();
  }

  private final class Tr implements KvTransaction {
    private final KvTransaction tr;

    Tr(KvTransaction tr) {
      this.tr = tr;
    }

    @Override
    public long getReadVersion() {
      long rv = tr.getReadVersion();
      if (held.getCount() > 0) {
        held.countDown();
        try {
          released.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return rv;
    }

    @Override
    public void setReadVersion(long version) {
      tr.setReadVersion(version);
    }

    @Override
    public CompletableFuture<byte[]> getAsync(byte[] key) {
      return tr.getAsync(key);
    }

    @Override
    public CompletableFuture<List<KeyValue>> getRangeAsync(
        byte[] b, byte[] e, int limit, boolean reverse) {
      return tr.getRangeAsync(b, e, limit, reverse);
    }

    @Override
    public KvReader snapshot() {
      return tr.snapshot();
    }

    @Override
    public void set(byte[] key, byte[] value) {
      tr.set(key, value);
    }

    @Override
    public void clear(byte[] key) {
      tr.clear(key);
    }

    @Override
    public void clearRange(byte[] b, byte[] e) {
      tr.clearRange(b, e);
    }

    @Override
    public void mutate(MutationType type, byte[] key, byte[] param) {
      tr.mutate(type, key, param);
    }

    @Override
    public void addReadConflictRange(byte[] b, byte[] e) {
      tr.addReadConflictRange(b, e);
    }

    @Override
    public void addWriteConflictRange(byte[] b, byte[] e) {
      tr.addWriteConflictRange(b, e);
    }

    @Override
    public void setNextWriteNoWriteConflictRange() {
      tr.setNextWriteNoWriteConflictRange();
    }

    @Override
    public void setOption(TransactionOption option) {
      tr.setOption(option);
    }

    @Override
    public long getApproximateSize() {
      return tr.getApproximateSize();
    }

    @Override
    public CommitResult commit() {
      return tr.commit();
    }

    @Override
    public void close() {
      tr.close();
    }
  }
}
