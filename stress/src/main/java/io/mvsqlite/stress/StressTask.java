package io.mvsqlite.stress;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.content.PageHasher;
import io.mvsqlite.stress.InMemoryModel.CommitTicket;
import io.mvsqlite.stress.InMemoryModel.Observation;
import io.mvsqlite.stress.ModelTransaction.OwnWrite;
import io.mvsqlite.stress.StressStats.Counter;
import io.mvsqlite.stress.Violation.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One concurrent client of a stress run: {@code iterations} random actions, each chosen uniformly
 * from eleven as in the reference: six read 1–10 random pages, two write 1–{@code maxPagesPerWrite}
 * pages (a fifth of them a small mutation of the page's previous content, so the server stores
 * deltas), one commits, one abandons the transaction, one pauses 1–99 ms (the workload's think
 * time; a transaction holding a lease sometimes renews it then). A new transaction starts half of
 * the time at a random retained version without {@code /stat} (time travel), else at the head via
 * {@code /stat}; it sends its read set with probability 1/2 unless read sets are disabled, and
 * holds a lease with the configured probability. Uploads go with {@code /batch/write} 70 % of the
 * time; the rest travel inline with the commit (fast writes, at most 100; the rest is uploaded at
 * commit time).
 *
 * <p>Every answer goes to the {@link InMemoryModel}. Allowed outcomes are counted (conflicts; 410s
 * with {@code --permit-410} in transactions without a lease); a broken guarantee is a {@link
 * Violation}; any other failure is an error of the run, after which the task abandons its
 * transaction and goes on (five failures in a row end the task).
 *
 * <p>Runs on one thread; not thread-safe.
 */
final class StressTask implements Runnable {

  private static final int MAX_CONSECUTIVE_ERRORS = 5;
  private static final int UPLOAD_PERCENT = 70;

  private final int id;
  private final StressConfig config;
  private final PageStore store;
  private final NamespaceRef ns;
  private final InMemoryModel model;
  private final StressStats stats;
  private final Findings findings;
  private final int stagedThreshold;
  private final long deadlineNanos;
  private final SplittableRandom random;

  /** The latest content this task wrote or read per page: what a mutation starts from. */
  private final Map<Integer, byte[]> lastSeen = new HashMap<>();

  private long nextSerial;
  private ModelTransaction txn;

  StressTask(
      int id,
      StressConfig config,
      PageStore store,
      InMemoryModel model,
      StressStats stats,
      Findings findings,
      int stagedThreshold,
      long deadlineNanos,
      SplittableRandom random) {
    this.id = id;
    this.config = config;
    this.store = store;
    this.ns = NamespaceRef.of(config.nsKey());
    this.model = model;
    this.stats = stats;
    this.findings = findings;
    this.stagedThreshold = stagedThreshold;
    this.deadlineNanos = deadlineNanos;
    this.random = random;
  }

  @Override
  public void run() {
    int consecutiveErrors = 0;
    try {
      for (int i = 0; i < config.iterations() && System.nanoTime() - deadlineNanos < 0; i++) {
        int action = random.nextInt(11);
        try {
          if (txn == null) {
            txn = begin();
          }
          switch (action) {
            case 0, 1, 2, 3, 4, 5 -> read();
            case 6, 7 -> write();
            case 8 -> commit();
            case 9 -> abandon();
            default -> pause();
          }
          consecutiveErrors = 0;
        } catch (MvException e) {
          findings.error("task " + id + (txn == null ? "" : ", " + txn) + ", action " + action, e);
          end();
          if (++consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
            findings.error(
                "task " + id,
                new IllegalStateException(
                    "gave up after " + MAX_CONSECUTIVE_ERRORS + " failures in a row"));
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      // A bug of the tester or a failure outside the protocol: the run must not pass quietly with a
      // task missing.
      findings.error("task " + id + " crashed", e);
    } finally {
      try {
        end();
      } catch (RuntimeException e) {
        findings.error("task " + id + " could not end its transaction", e);
      }
    }
  }

  // ------------------------------------------------------------------ transactions

  private ModelTransaction begin() {
    boolean timeTravel = random.nextBoolean();
    Version version = timeTravel ? model.pinRandomRetained(random) : null;
    if (version == null) {
      timeTravel = false;
      Version floor = model.pinStatFloor();
      Version answered;
      try {
        answered = store.stat(ns, null, null).version();
      } catch (RuntimeException e) {
        model.unpin(floor);
        throw e;
      }
      version = model.statAnswered(id, floor, answered);
    }
    stats.increment(timeTravel ? Counter.TXNS_TIME_TRAVEL : Counter.TXNS_VIA_STAT);
    boolean readSet = !config.disableReadSet() && random.nextBoolean();
    LeaseId lease = random.nextDouble() < config.leaseProbability() ? LeaseId.random() : null;
    if (lease != null) {
      stats.increment(Counter.TXNS_WITH_LEASE);
    }
    return new ModelTransaction(id, nextSerial++, version, timeTravel, readSet, lease);
  }

  /** Ends the current transaction, if any: the model forgets its pin. */
  private void end() {
    if (txn != null) {
      model.unpin(txn.version);
      txn = null;
    }
  }

  private void abandon() {
    stats.increment(Counter.ABANDONED);
    end();
  }

  private void pause() throws InterruptedException {
    Thread.sleep(1 + random.nextInt(99));
    if (txn.lease != null && random.nextInt(4) == 0) {
      store.renewLease(ns, txn.lease);
      stats.increment(Counter.LEASE_RENEWALS);
    }
  }

  // ------------------------------------------------------------------ reads

  private void read() {
    int n = 1 + random.nextInt(10);
    boolean readBackOwn = !config.disableRyw() || txn.lease != null;
    List<PageRead> reads = new ArrayList<>(n);
    List<OwnWrite> own = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int page = random.nextInt(config.pages());
      OwnWrite w = txn.ownWrite(page);
      if (w != null && !readBackOwn) {
        continue;
      }
      txn.markRead(page);
      if (w != null && !w.uploaded()) {
        continue; // still in the client's buffer: answered locally, nothing for the server to get
        // wrong
      }
      reads.add(
          w == null ? PageRead.at(page, txn.version) : new PageRead(page, txn.version, w.hash()));
      own.add(w);
    }
    if (reads.isEmpty()) {
      return;
    }
    List<PageData> pages;
    try {
      pages = store.read(ns, reads);
    } catch (MvException e) {
      readFailed(e, own.stream().anyMatch(w -> w != null));
      return;
    }
    stats.increment(Counter.READ_CALLS);
    List<Observation> seen = new ArrayList<>(pages.size());
    for (int i = 0; i < reads.size(); i++) {
      int page = reads.get(i).pageIndex();
      PageData d = pages.get(i);
      PageHash hash = d.isAbsent() ? null : PageHasher.hash(d.data());
      OwnWrite w = own.get(i);
      if (w != null) {
        model.checkOwnWrite(txn, page, w.hash(), hash);
      } else {
        seen.add(new Observation(page, d.version(), hash));
        if (hash != null) {
          lastSeen.put(page, d.data());
        }
      }
    }
    model.observe(id, txn.serial, txn.version, seen);
  }

  private void readFailed(MvException e, boolean readOwnUploads) {
    switch (e.code()) {
      case BAD_PAGE_REFERENCE -> {
        if (!readOwnUploads) {
          throw e;
        }
        uploadsCollected("a read-back of its own upload", e);
      }
      case VERSION_TRUNCATED ->
          findings.violation(
              new Violation(
                  Kind.RETAINED_VERSION_TRUNCATED,
                  config.seed(),
                  id,
                  txn.serial,
                  txn.version,
                  -1,
                  null,
                  "a read at a pinned version failed: " + e.getMessage()));
      case DATA_CORRUPT ->
          findings.violation(
              new Violation(
                  Kind.CONTENT_MISSING,
                  config.seed(),
                  id,
                  txn.serial,
                  txn.version,
                  -1,
                  null,
                  "a read found a page version without its content: " + e.getMessage()));
      default -> throw e;
    }
    abandon();
  }

  /**
   * The server collected uploads of this transaction: allowed without a lease and with --permit-410
   * only.
   */
  private void uploadsCollected(String where, MvException e) {
    if (txn.lease != null) {
      findings.violation(
          new Violation(
              Kind.LEASE_NOT_HONOURED,
              config.seed(),
              id,
              txn.serial,
              txn.version,
              -1,
              null,
              where
                  + " answered 410 although the transaction holds lease "
                  + txn.lease
                  + ": "
                  + e.getMessage()));
    } else if (config.permit410()) {
      stats.increment(Counter.ALLOWED_410);
    } else {
      throw e;
    }
  }

  // ------------------------------------------------------------------ writes

  private void write() {
    int n = 1 + random.nextInt(config.maxPagesPerWrite());
    boolean upload = random.nextInt(100) < UPLOAD_PERCENT;
    List<Integer> pages = new ArrayList<>(n);
    List<byte[]> contents = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int page = random.nextInt(config.pages());
      byte[] previous = lastSeen.get(page);
      boolean mutate = previous != null && random.nextInt(5) == 0;
      byte[] data =
          mutate
              ? PageContents.mutate(random, previous)
              : PageContents.random(random, config.pageSizeBytes());
      if (mutate) {
        stats.increment(Counter.DELTA_WRITES);
      }
      lastSeen.put(page, data);
      pages.add(page);
      contents.add(data);
    }
    stats.add(Counter.PAGES_WRITTEN, n);
    if (upload) {
      upload(pages, contents);
    } else {
      for (int i = 0; i < n; i++) {
        txn.write(
            pages.get(i), new OwnWrite(PageHasher.hash(contents.get(i)), contents.get(i), false));
      }
    }
  }

  /**
   * Uploads pages (each may be delta-encoded against its own page's current content) and checks
   * their hashes.
   */
  private void upload(List<Integer> pages, List<byte[]> contents) {
    List<PageWrite> writes = new ArrayList<>(pages.size());
    for (int i = 0; i < pages.size(); i++) {
      writes.add(new PageWrite(contents.get(i), pages.get(i)));
    }
    List<PageHash> hashes = store.write(ns, writes, txn.lease);
    stats.increment(Counter.UPLOADS);
    for (int i = 0; i < pages.size(); i++) {
      PageHash expected = PageHasher.hash(contents.get(i));
      if (!expected.equals(hashes.get(i))) {
        findings.violation(
            new Violation(
                Kind.UPLOAD_HASH,
                config.seed(),
                id,
                txn.serial,
                txn.version,
                pages.get(i),
                null,
                "upload answered hash " + hashes.get(i) + " for content " + expected));
      }
      txn.write(pages.get(i), new OwnWrite(expected, contents.get(i), true));
    }
  }

  // ------------------------------------------------------------------ commits

  private void commit() {
    if (!txn.hasWrites()) {
      stats.increment(Counter.EMPTY_TXNS);
      end();
      return;
    }
    List<PageCommit> entries = new ArrayList<>(txn.writes().size());
    List<Integer> overflowPages = new ArrayList<>();
    List<byte[]> overflow = new ArrayList<>();
    int inline = 0;
    for (Map.Entry<Integer, OwnWrite> e : txn.writes().entrySet()) {
      OwnWrite w = e.getValue();
      if (w.uploaded()) {
        entries.add(new PageCommit(e.getKey(), w.hash(), null));
      } else if (inline < Limits.MAX_FAST_WRITES_PER_COMMIT) {
        entries.add(new PageCommit(e.getKey(), w.hash(), w.data()));
        inline++;
      } else {
        overflowPages.add(e.getKey());
        overflow.add(w.data());
      }
    }
    for (int from = 0; from < overflow.size(); from += Limits.MAX_PAGES_PER_WRITE) {
      int to = Math.min(overflow.size(), from + Limits.MAX_PAGES_PER_WRITE);
      upload(overflowPages.subList(from, to), overflow.subList(from, to));
      for (int page : overflowPages.subList(from, to)) {
        entries.add(new PageCommit(page, txn.ownWrite(page).hash(), null));
      }
    }
    int[] readSet = txn.readSetEnabled ? txn.readSetArray() : null;
    CommitRequest request =
        new CommitRequest(
            IdempotencyKey.random(),
            true,
            null,
            txn.lease,
            false,
            List.of(new NamespaceCommit(ns, txn.version, readSet, entries)));
    CommitTicket ticket = model.beginCommit();
    CommitOutcome outcome;
    try {
      outcome = store.commit(request);
    } catch (RuntimeException e) {
      model.outcomeUnknown(ticket);
      throw e;
    }
    switch (outcome) {
      case CommitOutcome.Committed c -> {
        model.committed(ticket, txn, c.version(), readSet != null);
        stats.increment(Counter.COMMITS);
        if (stagedThreshold >= 0 && entries.size() > stagedThreshold) {
          stats.increment(Counter.LARGE_COMMITS);
        }
      }
      case CommitOutcome.Conflict c -> {
        model.notCommitted(ticket);
        stats.increment(Counter.CONFLICTS);
      }
      case CommitOutcome.BadPageReference b -> {
        model.notCommitted(ticket);
        uploadsCollected("the commit", new MvException(ErrorCode.BAD_PAGE_REFERENCE, b.detail()));
      }
    }
    end();
  }
}
