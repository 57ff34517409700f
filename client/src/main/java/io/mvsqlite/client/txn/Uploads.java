package io.mvsqlite.client.txn;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.PageWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background uploads of one write transaction ({@code /batch/write}, reference §5.4): at most
 * {@value #MAX_IN_FLIGHT} at a time (submitting more waits for a free slot), all under one
 * transaction lease.
 *
 * <p><b>Lease.</b> The lease id is drawn at the first upload, which creates it on the server
 * ({@code x-txn-lease}); from then on it is renewed periodically until {@link #close()}, and the
 * commit carries it. While it lives, content GC keeps every upload of the namespace made since the
 * lease began (docs/gc.md), however long the transaction stays open. Only the first upload names
 * the lease, and it completes before any other starts: every later upload is then newer than the
 * lease, so it is protected without naming it. Naming it on every upload would make the uploads of
 * one transaction conflict with each other on the server, which reads and rewrites the lease record
 * in each of them.
 *
 * <p><b>Barrier.</b> {@link #await()} waits for every upload submitted so far and throws the first
 * failure; the connection calls it before reading an uploaded page by hash and before committing.
 * Each upload retries transient failures until the deadline of the store it is given.
 *
 * <p>Thread-safety: {@link #submit} and {@link #await} are called from the connection's thread; the
 * uploads run on {@link ClientExecutors#IO}.
 */
final class Uploads implements AutoCloseable {

  static final int MAX_IN_FLIGHT = 32;

  private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);

  private final PageStore store;
  private final NamespaceRef ns;
  private final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
  private final List<CompletableFuture<Void>> pending = new ArrayList<>();
  private final AtomicReference<MvException> failure = new AtomicReference<>();
  private LeaseId lease;
  private ScheduledFuture<?> renewal;
  private volatile boolean closed;
  private final AtomicInteger renewing = new AtomicInteger();
  private long pagesUploaded;

  private final Duration renewInterval;

  /**
   * The lease id to use, drawn by a commit group for all its members (one lease per commit
   * request), or null.
   */
  private final LeaseId leaseId;

  /**
   * @param leaseId the lease id the first upload creates, or {@code null} for a random one
   */
  Uploads(PageStore store, NamespaceRef ns, Duration renewInterval, LeaseId leaseId) {
    this.store = store;
    this.ns = ns;
    this.renewInterval = renewInterval;
    this.leaseId = leaseId;
  }

  /** The transaction's lease, or {@code null} if nothing was uploaded. */
  LeaseId lease() {
    return lease;
  }

  /** True if uploads were submitted since the last barrier (they may still run). */
  boolean hasPending() {
    pending.removeIf(CompletableFuture::isDone);
    return !pending.isEmpty() || renewing.get() > 0;
  }

  long pagesUploaded() {
    return pagesUploaded;
  }

  /**
   * Starts uploading {@code pages} (at most 100), after waiting for a free slot. The first upload
   * of the transaction creates the lease and runs alone, on the calling thread, before any other
   * starts.
   */
  void submit(List<WriteSet.Flushed> pages) {
    if (pages.isEmpty()) {
      return;
    }
    List<PageWrite> writes = new ArrayList<>(pages.size());
    for (WriteSet.Flushed f : pages) {
      writes.add(new PageWrite(f.data(), f.page()));
    }
    pagesUploaded += pages.size();
    if (lease == null) {
      lease = leaseId != null ? leaseId : LeaseId.random();
      upload(pages, writes, lease);
      long period = renewInterval.toMillis();
      renewal =
          ClientExecutors.TIMER.scheduleAtFixedRate(
              () -> ClientExecutors.IO.execute(this::renew), period, period, TimeUnit.MILLISECONDS);
      return;
    }
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MvException(ErrorCode.NETWORK, "interrupted while waiting for an upload slot", e);
    }
    pending.add(
        CompletableFuture.runAsync(
            () -> {
              try {
                upload(pages, writes, null);
              } finally {
                slots.release();
              }
            },
            ClientExecutors.IO));
  }

  private void upload(List<WriteSet.Flushed> pages, List<PageWrite> writes, LeaseId l) {
    if (closed || failure.get() != null) {
      return;
    }
    try {
      List<PageHash> hashes = store.write(ns, writes, l);
      for (int i = 0; i < pages.size(); i++) {
        if (!hashes.get(i).equals(pages.get(i).hash())) {
          throw new MvException(
              ErrorCode.DATA_CORRUPT,
              "the store hashed uploaded page "
                  + pages.get(i).page()
                  + " to "
                  + hashes.get(i)
                  + ", this client to "
                  + pages.get(i).hash());
        }
      }
    } catch (MvException e) {
      failure.compareAndSet(null, e);
    } catch (RuntimeException e) {
      failure.compareAndSet(null, new MvException(ErrorCode.INTERNAL, "upload failed: " + e, e));
    }
  }

  private void renew() {
    if (closed) {
      return;
    }
    renewing.incrementAndGet();
    try {
      if (!closed) {
        store.renewLease(ns, lease);
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "renewing the transaction lease of {} failed (the commit will tell whether uploads were lost): {}",
          ns,
          e.toString());
    } finally {
      synchronized (renewing) {
        renewing.decrementAndGet();
        renewing.notifyAll();
      }
    }
  }

  /**
   * Waits for every upload submitted so far; throws the first failure of any upload of this
   * transaction.
   */
  void await() {
    for (CompletableFuture<Void> f : pending) {
      try {
        f.join();
      } catch (CompletionException e) {
        failure.compareAndSet(
            null, new MvException(ErrorCode.INTERNAL, "upload failed: " + e.getCause(), e));
      }
    }
    pending.clear();
    MvException e = failure.get();
    if (e != null) {
      throw new MvException(
          e.code(), "uploading the transaction's pages failed: " + e.getMessage(), e);
    }
  }

  /**
   * Stops renewing the lease; uploads still running finish in the background and are ignored.
   * Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    if (renewal != null) {
      renewal.cancel(false);
    }
  }

  /**
   * Closes, then waits until no upload or renewal of this transaction is running any more (each is
   * bounded by the store's retry deadline): the store may be closed afterwards. Failures are
   * ignored.
   */
  void closeAndDrain() {
    close();
    for (CompletableFuture<Void> f : pending) {
      try {
        f.join();
      } catch (CompletionException e) {
        // Ignored: the transaction is abandoned.
      }
    }
    pending.clear();
    synchronized (renewing) {
      while (renewing.get() > 0) {
        try {
          renewing.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
