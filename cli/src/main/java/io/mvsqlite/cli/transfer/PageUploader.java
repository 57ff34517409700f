package io.mvsqlite.cli.transfer;

import io.mvsqlite.client.txn.PageHashes;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Uploads page contents for one big commit ({@code /batch/write}, {@value #BATCH_PAGES} pages per
 * request), at most {@value #MAX_IN_FLIGHT} requests at a time, all under one transaction lease so
 * that content GC keeps them however long the upload takes (docs/gc.md).
 *
 * <p>As the client's own uploads do, only the first upload names the lease (creating it) and it
 * completes before any other starts: every later upload is newer than the lease and protected
 * without naming it, and uploads do not contend on the lease record. The lease is renewed every
 * {@link #RENEW_INTERVAL} until {@link #close()}. Every hash the store returns is checked against
 * the page's own BLAKE3 hash. Each upload retries transient failures as the given store does.
 *
 * <p>{@link #submit} is called from one thread; uploads run on virtual threads.
 */
final class PageUploader implements AutoCloseable {

  static final int BATCH_PAGES = io.mvsqlite.protocol.Limits.MAX_PAGES_PER_WRITE;
  static final int MAX_IN_FLIGHT = 8;
  static final Duration RENEW_INTERVAL = Duration.ofSeconds(20);

  private final PageStore store;
  private final NamespaceRef ns;
  private final IntConsumer uploaded;
  private final ExecutorService uploads = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService renewals =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mvsqlite-lease-renewal");
            t.setDaemon(true);
            return t;
          });
  private final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
  private final List<Future<?>> pending = new ArrayList<>();
  private final AtomicReference<MvException> failure = new AtomicReference<>();
  private final AtomicReference<MvException> renewalFailure = new AtomicReference<>();
  private LeaseId lease;

  /**
   * @param uploaded told the number of pages of each finished upload (from upload threads)
   */
  PageUploader(PageStore store, NamespaceRef ns, IntConsumer uploaded) {
    this.store = store;
    this.ns = ns;
    this.uploaded = uploaded;
  }

  /** The lease the uploads are protected by ({@code null} before the first upload). */
  LeaseId lease() {
    return lease;
  }

  /**
   * Uploads {@code pages} (at most {@value #BATCH_PAGES}), whose hashes must come back as {@code
   * hashes}. Waits for a free slot; the first call runs on the caller's thread and creates the
   * lease.
   *
   * @throws MvException the first failure of any earlier upload
   */
  void submit(List<byte[]> pages, List<PageHash> hashes) {
    throwIfFailed();
    List<PageWrite> writes = new ArrayList<>(pages.size());
    for (byte[] page : pages) {
      writes.add(new PageWrite(page, null));
    }
    if (lease == null) {
      lease = LeaseId.random();
      upload(writes, hashes, lease);
      throwIfFailed();
      long period = RENEW_INTERVAL.toMillis();
      renewals.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
      return;
    }
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MvException(ErrorCode.NETWORK, "interrupted while waiting for an upload slot", e);
    }
    pending.add(
        uploads.submit(
            () -> {
              try {
                upload(writes, hashes, null);
              } finally {
                slots.release();
              }
            }));
  }

  private void upload(List<PageWrite> writes, List<PageHash> hashes, LeaseId l) {
    if (failure.get() != null) {
      return;
    }
    try {
      List<PageHash> stored = store.write(ns, writes, l);
      for (int i = 0; i < writes.size(); i++) {
        if (!stored.get(i).equals(hashes.get(i))) {
          throw new MvException(
              ErrorCode.DATA_CORRUPT,
              "the store hashed an uploaded page to "
                  + stored.get(i)
                  + ", this program to "
                  + hashes.get(i));
        }
      }
      uploaded.accept(writes.size());
    } catch (MvException e) {
      failure.compareAndSet(null, e);
    } catch (RuntimeException e) {
      failure.compareAndSet(null, new MvException(ErrorCode.INTERNAL, "upload failed: " + e, e));
    }
  }

  private void renew() {
    try {
      store.renewLease(ns, lease);
    } catch (MvException e) {
      renewalFailure.set(e);
    }
  }

  /** The hash the store will give {@code page}. */
  static PageHash hash(byte[] page) {
    return PageHashes.of(page);
  }

  /**
   * Waits for every upload.
   *
   * @throws MvException the first upload failure
   */
  void await() {
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MvException(ErrorCode.NETWORK, "interrupted while waiting for uploads", e);
      } catch (java.util.concurrent.ExecutionException e) {
        failure.compareAndSet(
            null, new MvException(ErrorCode.INTERNAL, "upload failed: " + e.getCause(), e));
      }
    }
    pending.clear();
    throwIfFailed();
  }

  /** The last failure to renew the lease, if any (uploads may have been collected since). */
  MvException renewalFailure() {
    return renewalFailure.get();
  }

  private void throwIfFailed() {
    MvException e = failure.get();
    if (e != null) {
      throw new MvException(e.code(), "uploading pages failed: " + e.getMessage(), e);
    }
  }

  /** Stops renewing the lease and waits for uploads still running. */
  @Override
  public void close() {
    renewals.shutdownNow();
    uploads.close();
  }
}
