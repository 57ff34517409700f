package io.mvsqlite.bench;

import io.mvsqlite.client.txn.PageHashes;
import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The timed operations of {@link StoreBenchmark} over one {@link PageStore}: batches of random page
 * reads of a loaded namespace, and small commits of pages no other writer touches.
 *
 * <p><b>Reads</b> ask for {@code readBatch} random pages of the loaded namespace at its loaded
 * version and check that each page is the one asked for (its stamp), so a broken store cannot give
 * a fast, wrong number.
 *
 * <p><b>Small commits</b>: writer {@code t} owns pages {@code [t × 1000, t × 1000 + 1000)} of the
 * commit namespace and cycles through them, writing fresh contents inline ("fast writes", no
 * upload), with its own pages as the read set and its previous commit as the base version, as a
 * client's read-modify-write of its own rows would. Writers never read or write each other's pages,
 * so page-level conflict checks never reject a commit; a conflict is counted (and the writer takes
 * a new snapshot) rather than hidden.
 *
 * <p>Thread-safe for the threads of {@link Throughput}: each writer only touches its own slot.
 */
final class StoreWorkloads {

  /** Pages owned by each writer of small commits. */
  static final int PAGES_PER_WRITER = 1000;

  /**
   * Content streams: the loaded pages use {@link #LOADED_STREAM}, writer {@code t} stream {@code
   * 1000 + t}.
   */
  static final int LOADED_STREAM = 1;

  private static final int WRITER_STREAM_BASE = 1000;

  private final PageStore store;
  private final NamespaceRef readNs;
  private final Version readVersion;
  private final int loadedPages;
  private final NamespaceRef commitNs;
  private final PageContents contents;
  private final int readBatch;
  private final int commitPages;
  private final Version[] writerBase;
  private final long[] writerSequence;
  private final AtomicLong conflicts = new AtomicLong();

  StoreWorkloads(
      PageStore store,
      NamespaceRef readNs,
      Version readVersion,
      int loadedPages,
      NamespaceRef commitNs,
      PageContents contents,
      int readBatch,
      int commitPages,
      int maxWriters) {
    this.store = store;
    this.readNs = readNs;
    this.readVersion = readVersion;
    this.loadedPages = loadedPages;
    this.commitNs = commitNs;
    this.contents = contents;
    this.readBatch = readBatch;
    this.commitPages = commitPages;
    this.writerBase = new Version[maxWriters];
    this.writerSequence = new long[maxWriters];
  }

  /** Commits rejected as conflicts so far (expected: none). */
  long conflicts() {
    return conflicts.get();
  }

  long pageRead(int thread, SplittableRandom random) {
    List<PageRead> reads = new ArrayList<>(readBatch);
    for (int i = 0; i < readBatch; i++) {
      reads.add(PageRead.at(random.nextInt(loadedPages), readVersion));
    }
    List<PageData> pages = store.read(readNs, reads);
    if (pages.size() != readBatch) {
      throw new IllegalStateException("asked for " + readBatch + " pages, got " + pages.size());
    }
    for (int i = 0; i < readBatch; i++) {
      byte[] data = pages.get(i).data();
      if (data.length != StoreBenchmarkSettings.PAGE_BYTES
          || PageContents.stampedIndex(data) != reads.get(i).pageIndex()) {
        throw new IllegalStateException("page " + reads.get(i).pageIndex() + " came back wrong");
      }
    }
    return readBatch;
  }

  long smallCommit(int thread, SplittableRandom random) {
    if (writerBase[thread] == null) {
      writerBase[thread] = store.stat(commitNs, null, null).version();
    }
    long sequence = writerSequence[thread];
    writerSequence[thread] = sequence + commitPages;
    List<PageCommit> entries = new ArrayList<>(commitPages);
    int[] readSet = new int[commitPages];
    for (int k = 0; k < commitPages; k++) {
      int page = thread * PAGES_PER_WRITER + (int) ((sequence + k) % PAGES_PER_WRITER);
      byte[] data = contents.make(WRITER_STREAM_BASE + thread, sequence + k);
      entries.add(new PageCommit(page, PageHashes.of(data), data));
      readSet[k] = page;
    }
    java.util.Arrays.sort(readSet);
    entries.sort(java.util.Comparator.comparingInt(PageCommit::pageIndex));
    CommitRequest request =
        new CommitRequest(
            IdempotencyKey.random(),
            true,
            null,
            null,
            false,
            List.of(new NamespaceCommit(commitNs, writerBase[thread], readSet, entries)));
    return switch (store.commit(request)) {
      case CommitOutcome.Committed c -> {
        writerBase[thread] = c.version();
        yield 1;
      }
      case CommitOutcome.Conflict c -> {
        conflicts.incrementAndGet();
        writerBase[thread] = null;
        yield 0;
      }
      case CommitOutcome.BadPageReference b ->
          throw new IllegalStateException(
              "a fast-write commit got a bad page reference: " + b.detail());
    };
  }
}
