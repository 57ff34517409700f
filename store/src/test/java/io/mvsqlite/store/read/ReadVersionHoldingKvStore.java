package io.mvsqlite.store.read;

import io.mvsqlite.kv.ForwardingKvTransaction;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
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

  private final class Tr extends ForwardingKvTransaction {

    Tr(KvTransaction tr) {
      super(tr);
    }

    @Override
    public long getReadVersion() {
      long rv = delegate().getReadVersion();
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
  }
}
