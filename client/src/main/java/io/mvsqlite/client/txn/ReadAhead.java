package io.mvsqlite.client.txn;

import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntPredicate;

/**
 * Pipelined sequential read-ahead of one connection: while SQLite reads pages in ascending order,
 * up to {@code depth} asynchronous {@code store.read} batches of the next pages are in flight, so
 * the store works on several batches at once (one per core in direct mode) and SQLite consumes one
 * batch while the next ones are read.
 *
 * <p><b>Detection.</b> A run is {@value #RUN_MIN} reads in a row, each a little after the one
 * before (up to {@value #MAX_GAP} pages: a table scan also reads the interior pages that sit
 * between its leaves). While a run lasts, every read keeps {@code depth} batches ahead of the batch
 * being read from. A read outside what was read ahead, on a new run, drops the old batches.
 *
 * <p><b>Correctness.</b> Every batch is read at one snapshot version and only served while the
 * connection is at that version ({@link #take} compares); the connection {@link #discard discards}
 * everything when its snapshot ends or moves (end of transaction, commit). Only pages the caller
 * {@code wanted} at issue time are requested (not cached, not in the write set, inside the file);
 * the caller checks its write set again before serving (it always consults it first). Served pages
 * are not cached here: the caller caches them as if it had fetched them.
 *
 * <p><b>Failures.</b> A batch that fails is dropped, counted, and read-ahead stops for the rest of
 * the snapshot: the synchronous path then reads the page and reports its error. Nothing is retried
 * here (the store's own retries apply to each batch once).
 *
 * <p><b>Threads and ownership.</b> Not thread-safe: only the connection's thread calls it.
 * Background tasks on the executor only call {@code store.read} and complete a future; they never
 * touch this object. Discarded batches keep running to completion (a store call is not interrupted:
 * it may hold shared resources) and are counted against {@code depth}, so at most {@code depth}
 * batches per connection are at the store at any time; {@link #close} waits for them, so the store
 * can be closed after it. Memory: at most {@code depth + 1} batches of {@link #BATCH_PAGES} pages.
 */
final class ReadAhead {

  /** Pages per read-ahead batch (measured in docs/client.md §8). */
  static final int BATCH_PAGES = 64;

  /** Ascending reads in a row that make a run. */
  static final int RUN_MIN = 4;

  /** The largest forward step that continues a run. */
  static final int MAX_GAP = 8;

  private final PageStore store;
  private final NamespaceRef ns;
  private final int depth;
  private final Executor executor;

  /** Batches of the current snapshot in page order; the head is the one being read from. */
  private final ArrayDeque<Batch> batches = new ArrayDeque<>();

  /** Discarded batches possibly still at the store. */
  private final List<CompletableFuture<List<PageData>>> abandoned = new ArrayList<>();

  private Version version;
  private int frontier;

  /** The page of the last read that followed the run: reads well before it start a new run. */
  private int low;

  private int lastPage = -1;
  private int run;
  private boolean failedThisSnapshot;

  private volatile long batchesIssued;
  private long pagesRequested;
  private long pagesUsed;
  private long pagesWasted;
  private long failures;

  /**
   * @param depth the most batches in flight (0 disables read-ahead)
   * @param executor runs the store calls (each blocks until the store answers)
   */
  ReadAhead(PageStore store, NamespaceRef ns, int depth, Executor executor) {
    this.store = store;
    this.ns = ns;
    this.depth = depth;
    this.executor = executor;
  }

  boolean enabled() {
    return depth > 0;
  }

  /** True if a batch of the current snapshot holds or will hold {@code page}. */
  boolean covers(int page) {
    for (Batch b : batches) {
      if (b.indexOf(page) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The content of {@code page} at {@code snapshot} if a batch read for that snapshot has it
   * (waiting for the batch if it is still at the store), else {@code null}. Retires nothing: a scan
   * makes excursions (to interior pages elsewhere in the file) and comes back; {@link #afterRead}
   * retires the batches a run has passed.
   */
  byte[] take(int page, Version snapshot) {
    if (batches.isEmpty() || !snapshot.equals(version)) {
      return null;
    }
    for (Batch b : batches) {
      int i = b.indexOf(page);
      if (i >= 0) {
        List<PageData> result = b.await();
        if (result == null) {
          dropFailed(b);
          return null;
        }
        PageData data = result.get(i);
        if (data.isAbsent()) {
          return null;
        }
        if (!b.served[i]) {
          b.served[i] = true;
          pagesUsed++;
        }
        return data.data();
      }
    }
    return null;
  }

  /**
   * SQLite read {@code page} at {@code snapshot}: follows the run and, during one, keeps {@code
   * depth} batches ahead of the batch being read from. {@code wanted} tells whether a page needs
   * reading (not cached, not written by the transaction); {@code sizePages} is the file's size in
   * pages, or negative if unknown (then nothing is read ahead).
   */
  void afterRead(int page, Version snapshot, int sizePages, IntPredicate wanted) {
    if (!snapshot.equals(version)) {
      discard();
      version = snapshot;
    }
    int step = page - lastPage;
    if (lastPage >= 0 && step > 0 && step <= MAX_GAP) {
      run++;
    } else if (step != 0) {
      run = 0;
      if (batches.isEmpty()) {
        frontier = 0; // a new run starts from where it is, not from an old frontier
      }
    }
    lastPage = page;
    if (run < RUN_MIN || failedThisSnapshot || sizePages < 0) {
      return;
    }
    if (page >= frontier || page + MAX_GAP < low) {
      dropBatches();
      frontier = page + 1;
    }
    low = page;
    retireBefore(page);
    int ahead = 0;
    for (Batch b : batches) {
      if (b.first() > page) {
        ahead++;
      }
    }
    abandoned.removeIf(CompletableFuture::isDone);
    // The horizon bounds the pages inspected per read: over cached pages the frontier advances
    // no faster than the reader.
    int horizon = (int) Math.min(sizePages, page + 1L + (long) (depth + 1) * BATCH_PAGES);
    while (ahead + abandoned.size() < depth && frontier < horizon) {
      int end = Math.min(horizon, frontier + BATCH_PAGES);
      int[] pages = new int[end - frontier];
      int n = 0;
      for (int p = frontier; p < end; p++) {
        if (wanted.test(p)) {
          pages[n++] = p;
        }
      }
      frontier = end;
      if (n > 0) {
        if (!issue(Arrays.copyOf(pages, n), snapshot)) {
          return;
        }
        ahead++;
      }
    }
  }

  private boolean issue(int[] pages, Version snapshot) {
    List<PageRead> reads = new ArrayList<>(pages.length);
    for (int p : pages) {
      reads.add(PageRead.at(p, snapshot));
    }
    CompletableFuture<List<PageData>> future = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              future.complete(store.read(ns, reads));
            } catch (Throwable t) {
              future.completeExceptionally(t);
            }
          });
    } catch (RejectedExecutionException e) {
      failures++;
      failedThisSnapshot = true;
      return false;
    }
    batches.addLast(new Batch(pages, future, new boolean[pages.length]));
    batchesIssued++;
    pagesRequested += pages.length;
    return true;
  }

  /** Retires the batches whose pages all lie before {@code page}: the run has passed them. */
  private void retireBefore(int page) {
    while (!batches.isEmpty() && batches.peekFirst().last() < page) {
      retire(batches.pollFirst());
    }
  }

  private void retire(Batch b) {
    if (!b.future.isDone()) {
      abandoned.add(b.future);
      pagesWasted += b.pages.length;
      return;
    }
    List<PageData> result = b.resultIfSucceeded();
    if (result == null) {
      failures++;
      return;
    }
    for (boolean s : b.served) {
      pagesWasted += s ? 0 : 1;
    }
  }

  private void dropFailed(Batch b) {
    batches.remove(b);
    if (!b.future.isDone()) {
      abandoned.add(b.future);
    }
    failures++;
    failedThisSnapshot = true;
    dropBatches();
  }

  private void dropBatches() {
    while (!batches.isEmpty()) {
      retire(batches.pollFirst());
    }
  }

  /**
   * Forgets every batch and the run, without waiting: called when the snapshot ends or moves.
   * Batches still at the store finish in the background.
   */
  void discard() {
    dropBatches();
    abandoned.removeIf(CompletableFuture::isDone);
    version = null;
    lastPage = -1;
    frontier = 0;
    low = 0;
    run = 0;
    failedThisSnapshot = false;
  }

  /** Discards everything and waits until no batch of this connection is at the store any more. */
  void close() {
    discard();
    for (CompletableFuture<List<PageData>> f : abandoned) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | RuntimeException e) {
        // A failed read-ahead only matters to its batch, which is gone.
      }
    }
    abandoned.clear();
  }

  /** Batches sent so far (the connection's thread, or any thread for a statistic). */
  long batchesIssued() {
    return batchesIssued;
  }

  ReadAheadMetrics metrics() {
    return new ReadAheadMetrics(batchesIssued, pagesRequested, pagesUsed, pagesWasted, failures);
  }

  /** One batch: its pages (ascending), its answer, and which of them were served. */
  private record Batch(int[] pages, CompletableFuture<List<PageData>> future, boolean[] served) {

    int first() {
      return pages[0];
    }

    int last() {
      return pages[pages.length - 1];
    }

    int indexOf(int page) {
      return page < first() || page > last() ? -1 : Arrays.binarySearch(pages, page);
    }

    /** Waits for the answer; {@code null} if the read failed or answered the wrong count. */
    List<PageData> await() {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } catch (ExecutionException | RuntimeException e) {
        return null;
      }
      return resultIfSucceeded();
    }

    List<PageData> resultIfSucceeded() {
      if (!future.isDone() || future.isCompletedExceptionally()) {
        return null;
      }
      List<PageData> r = future.join();
      return r.size() == pages.length ? r : null;
    }
  }
}
