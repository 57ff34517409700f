package io.mvsqlite.bench;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One large write transaction through a {@link PageStore}, the way a client commits more pages than
 * fit in one request: every page uploaded first ({@code /batch/write}, several uploads in flight,
 * the first one creating a transaction lease that is renewed while the uploads run), then one
 * commit that references them all by hash.
 *
 * <p>Pages {@code 0 .. pages-1} get contents {@code (stream, page)} of a {@link PageContents}, so a
 * reader can check every page it reads. Upload time and commit time are measured separately.
 * Stateless; each call is independent.
 */
final class BulkUpload {

  /**
   * How often the lease is renewed: a third of the server's default lease lifetime (60 s), as the
   * client does.
   */
  private static final Duration LEASE_RENEWAL = Duration.ofSeconds(20);

  /** What one bulk transaction took. */
  record Timing(Version version, int pages, Duration upload, Duration commit) {

    double megabytesPerSecond(int pageBytes) {
      return pages * (double) pageBytes / (1 << 20) / (upload.toNanos() / 1e9);
    }
  }

  private BulkUpload() {}

  /**
   * Uploads and commits pages {@code 0 .. pages-1} of {@code ns} on top of its current head.
   *
   * @param batchPages pages per upload (at most 100)
   * @param concurrency uploads in flight at once (platform threads: direct mode calls into RocksDB,
   *     which pins a virtual thread's carrier)
   * @throws IllegalStateException if an upload fails or the commit does not commit
   */
  static Timing run(
      PageStore store,
      NamespaceRef ns,
      PageContents contents,
      int stream,
      int pages,
      int batchPages,
      int concurrency) {
    Version base = store.stat(ns, null, null).version();
    PageHash[] hashes = new PageHash[pages];
    int batches = (pages + batchPages - 1) / batchPages;
    LeaseId lease = LeaseId.random();
    long start = System.nanoTime();
    ScheduledExecutorService renewals =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("bench-lease").daemon(true).factory());
    try {
      // The first upload creates the lease and runs alone; later ones need not name it (see the
      // client's Uploads).
      uploadBatch(store, ns, contents, stream, 0, batchPages, pages, hashes, lease);
      renewals.scheduleAtFixedRate(
          () -> renewQuietly(store, ns, lease),
          LEASE_RENEWAL.toMillis(),
          LEASE_RENEWAL.toMillis(),
          TimeUnit.MILLISECONDS);
      AtomicInteger next = new AtomicInteger(1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < Math.min(concurrency, Math.max(1, batches - 1)); w++) {
        workers.add(
            Thread.ofPlatform()
                .name("bench-upload-" + w)
                .start(
                    () -> {
                      for (int b = next.getAndIncrement();
                          b < batches && failure.get() == null;
                          b = next.getAndIncrement()) {
                        try {
                          uploadBatch(
                              store, ns, contents, stream, b, batchPages, pages, hashes, null);
                        } catch (Throwable e) {
                          failure.compareAndSet(null, e);
                        }
                      }
                    }));
      }
      for (Thread w : workers) {
        join(w);
      }
      if (failure.get() != null) {
        throw new IllegalStateException("an upload failed", failure.get());
      }
      long uploaded = System.nanoTime();
      List<PageCommit> entries = new ArrayList<>(pages);
      for (int p = 0; p < pages; p++) {
        entries.add(new PageCommit(p, hashes[p], null));
      }
      CommitRequest request =
          new CommitRequest(
              IdempotencyKey.random(),
              true,
              null,
              lease,
              false,
              List.of(new NamespaceCommit(ns, base, new int[0], entries)));
      CommitOutcome outcome = store.commit(request);
      long committed = System.nanoTime();
      if (!(outcome instanceof CommitOutcome.Committed c)) {
        throw new IllegalStateException(
            "the bulk commit of " + pages + " pages did not commit: " + outcome);
      }
      return new Timing(
          c.version(),
          pages,
          Duration.ofNanos(uploaded - start),
          Duration.ofNanos(committed - uploaded));
    } finally {
      renewals.shutdownNow();
    }
  }

  private static void uploadBatch(
      PageStore store,
      NamespaceRef ns,
      PageContents contents,
      int stream,
      int batch,
      int batchPages,
      int pages,
      PageHash[] hashes,
      LeaseId lease) {
    int from = batch * batchPages;
    int to = Math.min(pages, from + batchPages);
    List<PageWrite> writes = new ArrayList<>(to - from);
    for (int p = from; p < to; p++) {
      writes.add(new PageWrite(contents.make(stream, p), p));
    }
    List<PageHash> h = store.write(ns, writes, lease);
    for (int i = 0; i < h.size(); i++) {
      hashes[from + i] = h.get(i);
    }
  }

  /**
   * Reads {@code samples} random pages of {@code ns} at {@code version} and checks that each holds
   * what {@link #run} wrote there.
   *
   * @throws IllegalStateException naming the first page that differs
   */
  static void verifySample(
      PageStore store,
      NamespaceRef ns,
      Version version,
      PageContents contents,
      int stream,
      int pages,
      int samples,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int done = 0; done < samples; ) {
      int n = Math.min(100, samples - done);
      List<PageRead> reads = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        reads.add(PageRead.at(random.nextInt(pages), version));
      }
      List<PageData> got = store.read(ns, reads);
      for (int i = 0; i < n; i++) {
        if (!contents.matches(stream, reads.get(i).pageIndex(), got.get(i).data())) {
          throw new IllegalStateException(
              "page "
                  + reads.get(i).pageIndex()
                  + " of "
                  + ns
                  + " at "
                  + version
                  + " does not hold what was committed");
        }
      }
      done += n;
    }
  }

  /**
   * A failed renewal is not fatal by itself: if uploads were lost, the commit says so (bad page
   * reference).
   */
  private static void renewQuietly(PageStore store, NamespaceRef ns, LeaseId lease) {
    try {
      store.renewLease(ns, lease);
    } catch (RuntimeException e) {
      System.err.println("renewing the bulk upload's lease failed: " + e);
    }
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
