package io.mvsqlite.stress;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.content.PageHasher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The writers of the crash test, committing through a retrying client while the server is killed
 * and restarted under them, and the record of every <em>acknowledged</em> commit.
 *
 * <p>Namespace {@value #SMALL_NS}: several writers commit 1–8 data pages plus the marker, inline,
 * as blind writes with page-level conflict checks (they never conflict with each other). Namespace
 * {@value #LARGE_NS}: one writer commits 60–99 data pages (two-phase with the test's threshold of
 * 50) or 300–1000 (staged, above the threshold of 100), uploaded in batches before the commit, so a
 * kill can land mid-upload, mid-staging, between publish and merge, or mid-merge. Each commit's
 * request is retried with the same idempotency key across the restart, so each ends with a definite
 * answer.
 *
 * <p>Thread-safe; the wait methods block the caller.
 */
final class CrashWorkload {

  static final String SMALL_NS = "crash-small";
  static final String LARGE_NS = "crash-large";

  /** An acknowledged commit: what the client was told, and what it wrote. */
  record Ack(String ns, Version version, String commitId, int[] pages, boolean staged) {}

  private final PageStore store;
  private final long seed;
  private final int stagedThreshold;
  private final List<Ack> acks = new ArrayList<>(); // guarded by this
  private final List<Throwable> errors = new ArrayList<>(); // guarded by this
  private final List<Thread> writers = new ArrayList<>();
  private long conflicts; // guarded by this
  private boolean stagedInFlight; // guarded by this
  private volatile boolean stopping;

  CrashWorkload(PageStore store, long seed, int stagedThreshold) {
    this.store = store;
    this.seed = seed;
    this.stagedThreshold = stagedThreshold;
  }

  void start(int smallWriters) {
    SplittableRandom root = new SplittableRandom(seed);
    for (int i = 0; i < smallWriters; i++) {
      SplittableRandom r = root.split();
      writers.add(Thread.ofVirtual().name("crash-small-" + i).start(() -> loop(SMALL_NS, r)));
    }
    SplittableRandom r = root.split();
    writers.add(Thread.ofVirtual().name("crash-large").start(() -> loop(LARGE_NS, r)));
  }

  /** Stops the writers after their current commit and waits for them. */
  void stop() throws InterruptedException {
    stopping = true;
    for (Thread t : writers) {
      t.join();
    }
  }

  private void loop(String ns, SplittableRandom random) {
    while (!stopping) {
      try {
        commitOnce(ns, random);
        if (ns.equals(SMALL_NS)) {
          Thread.sleep(
              random.nextInt(
                  10)); // think time: keeps the small commits from flooding the verification
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | AssertionError e) {
        synchronized (this) {
          errors.add(e);
          notifyAll();
        }
        return;
      }
    }
  }

  /** One transaction: stat, upload if large, commit with retries; records the acknowledgement. */
  Ack commitOnce(String ns, SplittableRandom random) {
    boolean large = ns.equals(LARGE_NS);
    int count =
        !large
            ? 1 + random.nextInt(8)
            : random.nextBoolean() ? 60 + random.nextInt(40) : 300 + random.nextInt(701);
    TreeSet<Integer> chosen = new TreeSet<>();
    while (chosen.size() < count) {
      chosen.add(1 + random.nextInt(large ? 2000 : 400));
    }
    int[] pages = chosen.stream().mapToInt(Integer::intValue).toArray();
    NamespaceRef ref = NamespaceRef.of(ns);
    Version base = store.stat(ref, null, null).version();
    IdempotencyKey idem = IdempotencyKey.random();
    byte[] id = idem.bytes();
    List<PageCommit> entries = new ArrayList<>(pages.length + 1);
    byte[] marker = CrashPages.marker(id, pages);
    entries.add(new PageCommit(CrashPages.MARKER_PAGE, PageHasher.hash(marker), marker));
    if (pages.length < Limits.MAX_FAST_WRITES_PER_COMMIT) {
      for (int p : pages) {
        byte[] data = CrashPages.data(id, p);
        entries.add(new PageCommit(p, PageHasher.hash(data), data));
      }
    } else {
      upload(ref, id, pages, entries);
    }
    boolean staged = entries.size() > stagedThreshold;
    setStagedInFlight(staged);
    CommitOutcome outcome;
    try {
      outcome =
          store.commit(
              new CommitRequest(
                  idem,
                  true,
                  null,
                  null,
                  false,
                  List.of(new NamespaceCommit(ref, base, large ? null : new int[0], entries))));
    } finally {
      setStagedInFlight(false);
    }
    return switch (outcome) {
      case CommitOutcome.Committed c -> {
        Ack ack = new Ack(ns, c.version(), HexFormat.of().formatHex(id), pages, staged);
        synchronized (this) {
          acks.add(ack);
          notifyAll();
        }
        yield ack;
      }
      case CommitOutcome.Conflict c -> {
        synchronized (this) {
          conflicts++;
        }
        yield null;
      }
      case CommitOutcome.BadPageReference b ->
          throw new AssertionError(
              "commit of " + pages.length + " pages in " + ns + " answered 410: " + b.detail());
    };
  }

  private void upload(NamespaceRef ref, byte[] id, int[] pages, List<PageCommit> entries) {
    for (int from = 0; from < pages.length; from += Limits.MAX_PAGES_PER_WRITE) {
      int to = Math.min(pages.length, from + Limits.MAX_PAGES_PER_WRITE);
      List<PageWrite> writes = new ArrayList<>(to - from);
      List<PageHash> expected = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        byte[] data = CrashPages.data(id, pages[i]);
        writes.add(new PageWrite(data, null));
        expected.add(PageHasher.hash(data));
      }
      List<PageHash> got = store.write(ref, writes, null);
      if (!got.equals(expected)) {
        throw new AssertionError("an upload answered other hashes than the pages' BLAKE3");
      }
      for (int i = from; i < to; i++) {
        entries.add(new PageCommit(pages[i], expected.get(i - from), null));
      }
    }
  }

  private synchronized void setStagedInFlight(boolean value) {
    stagedInFlight = value;
    notifyAll();
  }

  synchronized boolean stagedInFlight() {
    return stagedInFlight;
  }

  synchronized long ackCount(String ns) {
    return acks.stream().filter(a -> a.ns().equals(ns)).count();
  }

  synchronized List<Ack> acks() {
    return List.copyOf(acks);
  }

  synchronized long conflicts() {
    return conflicts;
  }

  synchronized List<Throwable> errors() {
    return List.copyOf(errors);
  }

  /** Waits until {@code ns} has at least {@code count} acknowledged commits. */
  synchronized void awaitAcks(String ns, long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (ackCount(ns) < count) {
      failOnErrors();
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "no progress: "
                + ackCount(ns)
                + " of "
                + count
                + " commits acknowledged in "
                + ns
                + " after "
                + timeout.toSeconds()
                + " s");
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /**
   * Waits until a commit that takes the staged path is in flight (its request sent, no answer yet).
   */
  synchronized void awaitStagedCommitInFlight(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!stagedInFlight) {
      failOnErrors();
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no staged commit started within " + timeout.toSeconds() + " s");
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  private void failOnErrors() {
    if (!errors.isEmpty()) {
      AssertionError e =
          new AssertionError("a writer failed: " + errors.getFirst(), errors.getFirst());
      throw e;
    }
  }
}
