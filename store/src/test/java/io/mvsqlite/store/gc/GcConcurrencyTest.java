package io.mvsqlite.store.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.Snapshots;
import io.mvsqlite.store.StoreConfig;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.content.PageHasher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Content GC with a fresh-page TTL of 0 and truncation, both running over and over while clients
 * commit through the real commit engine on all three paths (small thresholds: 1-5 pages in one
 * transaction, 6-10 in two phases, more staged in chunks of 3), sending fast writes or uploading
 * with or without a transaction lease. Afterwards every page of every retained committed version
 * must read back as the model says: GC never deleted content a reader or a pending commit needed
 * (no BAD_PAGE_REFERENCE for a commit whose lease lived, no DATA_CORRUPT on a read).
 */
class GcConcurrencyTest extends StoreFixture {

  /** Fixed; {@code -Dmvsqlite.test.seed=N} replays another one. */
  private static final long SEED = Long.getLong("mvsqlite.test.seed", 977_331L);

  private static final int WRITERS = 3;
  private static final int COMMITS_PER_WRITER = 30;
  private static final int PAGES = 24;
  private static final int POOL = 40;
  private static final long LEASE_TTL = 60;

  /**
   * How far each GC pass moves the clock: abandoned leases expire after a few passes and stop
   * pinning garbage.
   */
  private static final long SECONDS_PER_PASS = 15;

  @Override
  protected StoreConfig config() {
    return super.config()
        .withGcFreshPageTtlSecs(0)
        .withGcScanBatchSize(7)
        .withCommitMultiPhaseThreshold(6)
        .withCommitStagedThreshold(10)
        .withStagedChunkPages(3)
        .withLeaseTtlSecs(LEASE_TTL);
  }

  /** A committed transaction: its version and the pages it wrote. */
  private record Landed(Version version, Map<Integer, byte[]> pages) {}

  @Test
  void gcAndTruncationRacingWithCommitsNeverLoseAPageAnyRetainedVersionNeeds() throws Exception {
    try {
      raceAndCheck();
    } catch (Exception | AssertionError e) {
      throw new AssertionError(
          "failed with seed " + SEED + " (replay: -Dmvsqlite.test.seed=" + SEED + ")", e);
    }
  }

  private void raceAndCheck() throws Exception {
    Version ns = createNamespace("db");
    List<byte[]> pool = new ArrayList<>();
    Random poolRandom = new Random(SEED);
    for (int i = 0; i < POOL; i++) {
      byte[] b = new byte[256];
      poolRandom.nextBytes(b);
      pool.add(b);
    }
    ConcurrentLinkedQueue<Landed> landed = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> anomalies = new ConcurrentLinkedQueue<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger gcPasses = new AtomicInteger();
    AtomicLong deleted = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    Version watermark;
    try (ExecutorService threads = Executors.newFixedThreadPool(WRITERS + 1)) {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        long seed = SEED + 1 + w;
        writers.add(
            threads.submit(
                () -> {
                  start.await();
                  write(new Random(seed), pool, landed, anomalies);
                  return null;
                }));
      }
      Future<Version> collector =
          threads.submit(
              () -> {
                start.await();
                return collectWhileWriting(ns, writing, landed, gcPasses, deleted);
              });
      start.countDown();
      try {
        for (Future<?> f : writers) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        writing.set(false);
      }
      watermark = collector.get(120, TimeUnit.SECONDS);
    }
    clock.advance(Duration.ofSeconds(LEASE_TTL + 1));
    deleted.addAndGet(new ContentCollector(ctx).collect(ns, true, n -> {}).contentsDeleted());

    String context =
        "seed "
            + SEED
            + ", "
            + landed.size()
            + " commits, "
            + gcPasses.get()
            + " GC passes, "
            + deleted.get()
            + " contents deleted";
    assertThat(anomalies).as(context).isEmpty();
    assertThat(gcPasses.get()).as(context).isGreaterThan(1);
    assertThat(deleted.get()).as("GC must have had work: " + context).isPositive();
    List<Landed> history = new ArrayList<>(landed);
    history.sort((a, b) -> a.version().compareTo(b.version()));
    assertThat(history).as(context).hasSize(WRITERS * COMMITS_PER_WRITER);
    Map<Integer, TreeMap<Version, byte[]>> model = new HashMap<>();
    for (Landed l : history) {
      l.pages()
          .forEach(
              (p, data) -> model.computeIfAbsent(p, x -> new TreeMap<>()).put(l.version(), data));
    }
    int checked = 0;
    for (Landed l : history) {
      if (watermark != null && l.version().isBefore(watermark)) {
        continue;
      }
      List<String> actual = Snapshots.pages(pages, ref("db"), l.version(), PAGES);
      for (int p = 0; p < PAGES; p++) {
        Map.Entry<Version, byte[]> e =
            model.getOrDefault(p, new TreeMap<>()).floorEntry(l.version());
        String expected =
            e == null ? "absent" : e.getKey().hex() + ":" + HexFormat.of().formatHex(e.getValue());
        assertThat(actual.get(p))
            .as("page %d at %s; %s", p, l.version(), context)
            .isEqualTo(expected);
      }
      checked++;
    }
    assertThat(checked).as(context).isPositive();
  }

  /** One client: {@link #COMMITS_PER_WRITER} transactions, each retried until it commits. */
  private void write(
      Random random,
      List<byte[]> pool,
      ConcurrentLinkedQueue<Landed> landed,
      ConcurrentLinkedQueue<String> anomalies) {
    for (int done = 0; done < COMMITS_PER_WRITER; ) {
      Version base = retrying(() -> pages.stat(ref("db"), null, null)).version();
      int size = 1 + random.nextInt(14);
      List<Integer> chosen = new ArrayList<>();
      for (int p = 0; p < PAGES; p++) {
        chosen.add(p);
      }
      Collections.shuffle(chosen, random);
      Map<Integer, byte[]> written = new HashMap<>();
      for (int p : chosen.subList(0, size)) {
        // Half shared contents (deduplicated, re-touched while GC may be deleting them), half new
        // ones (garbage once
        // overwritten and truncated).
        written.put(
            p, random.nextBoolean() ? pool.get(random.nextInt(pool.size())) : fresh(random));
      }
      // A third each: fast writes, uploads under a lease, uploads without one (as reference clients
      // do).
      int mode = random.nextInt(3);
      boolean fast = mode == 0;
      LeaseId lease = mode == 1 ? LeaseId.random() : null;
      long uploadedAt = clock.epochSecond();
      List<PageCommit> entries = new ArrayList<>();
      List<Integer> order = new ArrayList<>(written.keySet());
      if (fast) {
        order.forEach(
            p -> entries.add(new PageCommit(p, PageHasher.hash(written.get(p)), written.get(p))));
      } else {
        List<PageWrite> uploads =
            order.stream().map(p -> new PageWrite(written.get(p), null)).toList();
        List<PageHash> hashes = retrying(() -> pages.write(ref("db"), uploads, lease));
        for (int i = 0; i < order.size(); i++) {
          entries.add(new PageCommit(order.get(i), hashes.get(i), null));
        }
      }
      int[] readSet = order.stream().mapToInt(Integer::intValue).toArray();
      CommitRequest request =
          new CommitRequest(
              IdempotencyKey.random(),
              true,
              null,
              lease,
              false,
              List.of(new NamespaceCommit(ref("db"), base, readSet, entries)));
      CommitOutcome outcome = commitRetrying(request);
      switch (outcome) {
        case CommitOutcome.Committed c -> {
          landed.add(new Landed(c.version(), written));
          done++;
        }
        case CommitOutcome.Conflict c -> {}
        case CommitOutcome.BadPageReference b -> {
          // A clean refusal: legitimate without a lease (TTL 0), or once the lease expired (the GC
          // thread moves the
          // clock): availability, not safety. Under a live lease it must not happen.
          if (lease != null && clock.epochSecond() - uploadedAt < LEASE_TTL) {
            anomalies.add(
                "a commit lost content it uploaded under a live lease or sent inline: "
                    + b.detail());
          }
        }
      }
    }
  }

  private static byte[] fresh(Random random) {
    byte[] b = new byte[256];
    random.nextBytes(b);
    return b;
  }

  /** What a client does with a retryable failure of an upload: send it again. */
  private static <T> T retrying(java.util.function.Supplier<T> call) {
    for (int i = 1; ; i++) {
      try {
        return call.get();
      } catch (MvException e) {
        if (!e.isRetryable() || i >= 100) {
          throw e;
        }
      }
    }
  }

  /**
   * What a client does with a retryable failure of a commit: send the same request again, as a
   * retry.
   */
  private CommitOutcome commitRetrying(CommitRequest request) {
    CommitRequest attempt = request;
    for (int i = 1; ; i++) {
      try {
        return pages.commit(attempt);
      } catch (MvException e) {
        if (!e.isRetryable() || i >= 100) {
          throw e;
        }
      }
      attempt =
          new CommitRequest(
              request.idempotencyKey(),
              false,
              request.lockOwner(),
              request.lease(),
              request.sharedSnapshot(),
              request.namespaces());
    }
  }

  /**
   * Content GC pass after pass, and every third pass a truncation below an earlier commit; each
   * pass moves the clock {@value #SECONDS_PER_PASS} s, so the leases of abandoned (conflicted)
   * transactions expire. Returns the final watermark.
   */
  private Version collectWhileWriting(
      Version ns,
      AtomicBoolean writing,
      ConcurrentLinkedQueue<Landed> landed,
      AtomicInteger passes,
      AtomicLong deleted) {
    ContentCollector collector = new ContentCollector(ctx);
    while (writing.get()) {
      clock.advance(Duration.ofSeconds(SECONDS_PER_PASS));
      deleted.addAndGet(collector.collect(ns, true, n -> {}).contentsDeleted());
      if (passes.incrementAndGet() % 3 == 0) {
        List<Version> versions = landed.stream().map(Landed::version).sorted().toList();
        if (versions.size() > 4) {
          admin.truncate("db", versions.get(versions.size() / 2), true, n -> {});
        }
      }
    }
    return admin.stat("db").metadata().truncatedBefore();
  }
}
