package io.mvsqlite.stress;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.stress.StressStats.Counter;
import io.mvsqlite.stress.Violation.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A background worker of a stress run, through the admin API, as in the reference: either
 * <b>truncation</b> (every 1 ms to {@code truncateIntervalMaxMillis}: at a random retained version
 * other than the newest, lowered to the oldest version a transaction still reads at; the model then
 * stops handing out older versions) or <b>content GC</b> (every 1 ms to {@code
 * gcIntervalMaxMillis}). The tasks' reads check that neither breaks anything retained. After each
 * truncation the worker also reads just below the new watermark and expects {@code
 * VERSION_TRUNCATED}.
 *
 * <p>Transient failures (a fault, the task lock held elsewhere) are counted; other failures are
 * errors of the run. Runs on one thread until the stop latch opens; not thread-safe.
 */
final class HistoryWorker implements Runnable {

  /** What the worker runs. */
  enum Job {
    TRUNCATION,
    CONTENT_GC
  }

  /**
   * Remote targets only: how long after a truncation answered a read below its watermark may still
   * succeed. A remote mvstore may be several servers sharing one KV store, and a server that did
   * not run the truncation may answer from a KV read version it cached before the watermark commit,
   * for less than 2 s after it (docs/gc.md, "Reads below the watermark"); one second more for the
   * trip.
   */
  static final Duration REMOTE_WATERMARK_GRACE = Duration.ofSeconds(3);

  private static final Duration GRACE_POLL_INTERVAL = Duration.ofMillis(50);

  private final Job job;
  private final NamespaceAdmin admin;
  private final PageStore store;
  private final StressConfig config;
  private final InMemoryModel model;
  private final StressStats stats;
  private final Findings findings;
  private final CountDownLatch stop;
  private final SplittableRandom random;

  HistoryWorker(
      Job job,
      NamespaceAdmin admin,
      PageStore store,
      StressConfig config,
      InMemoryModel model,
      StressStats stats,
      Findings findings,
      CountDownLatch stop,
      SplittableRandom random) {
    this.job = job;
    this.admin = admin;
    this.store = store;
    this.config = config;
    this.model = model;
    this.stats = stats;
    this.findings = findings;
    this.stop = stop;
    this.random = random;
  }

  @Override
  public void run() {
    long maxMillis =
        job == Job.TRUNCATION ? config.truncateIntervalMaxMillis() : config.gcIntervalMaxMillis();
    try {
      // The wait paces the worker (1 ms to maxMillis between runs) and ends early when the run
      // stops.
      while (!stop.await(1 + random.nextLong(maxMillis), TimeUnit.MILLISECONDS)) {
        switch (job) {
          case TRUNCATION -> truncateOnce();
          case CONTENT_GC -> collectOnce();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      findings.error("the " + job + " worker crashed", e);
    }
  }

  private void truncateOnce() throws InterruptedException {
    Optional<Version> planned = model.planTruncation(random);
    if (planned.isEmpty()) {
      return;
    }
    Version point = planned.get();
    long deleted;
    try {
      deleted = admin.truncate(config.nsKey(), point, true, count -> {});
    } catch (MvException e) {
      failed(e, Counter.TRUNCATION_FAILURES, "truncation at " + point);
      return;
    }
    stats.increment(Counter.TRUNCATIONS);
    stats.add(Counter.VERSIONS_DELETED, deleted);
    checkWatermark(point);
  }

  /**
   * A read just below a watermark that truncation set must fail as truncated, at once: the engine
   * that ran the truncation refuses such reads from its answer on (an in-process server and direct
   * mode have one engine). A remote target may be several servers, some of which can still answer
   * below the watermark for a moment (see {@link #REMOTE_WATERMARK_GRACE}); there the read is
   * repeated until refused, and only a success after the grace is a violation (the refusals that
   * came late are counted).
   */
  private void checkWatermark(Version point) throws InterruptedException {
    Version below = PageContents.predecessor(point);
    int page = random.nextInt(config.pages());
    long answeredAt = System.nanoTime();
    boolean remote = config.target() instanceof StressConfig.Remote;
    try {
      if (refusedBelow(below, page)) {
        stats.increment(Counter.WATERMARK_CHECKS);
        return;
      }
      while (remote && System.nanoTime() - answeredAt < REMOTE_WATERMARK_GRACE.toNanos()) {
        Thread.sleep(
            GRACE_POLL_INTERVAL); // polls for the end of a time window: time is what it waits for
        if (refusedBelow(below, page)) {
          stats.increment(Counter.WATERMARK_CHECKS);
          stats.increment(Counter.LATE_WATERMARK);
          return;
        }
      }
    } catch (MvException e) {
      findings.error("read below the watermark " + point, e);
      return;
    }
    findings.violation(
        new Violation(
            Kind.TRUNCATION_NOT_ENFORCED,
            config.seed(),
            -1,
            -1,
            below,
            page,
            point,
            "a read below the watermark "
                + point
                + " succeeded after the truncation answered"
                + (remote ? " (still " + REMOTE_WATERMARK_GRACE.toSeconds() + " s later)" : "")));
  }

  /**
   * Reads {@code page} at {@code below}: true if refused as truncated, false if it succeeded; other
   * failures throw.
   */
  private boolean refusedBelow(Version below, int page) {
    try {
      store.read(NamespaceRef.of(config.nsKey()), List.of(PageRead.at(page, below)));
      return false;
    } catch (MvException e) {
      if (e.code() != ErrorCode.VERSION_TRUNCATED) {
        throw e;
      }
      return true;
    }
  }

  private void collectOnce() {
    try {
      long deleted = admin.deleteUnreferencedContent(config.nsKey(), true, count -> {});
      stats.increment(Counter.GC_RUNS);
      stats.add(Counter.CONTENTS_DELETED, deleted);
    } catch (MvException e) {
      failed(e, Counter.GC_FAILURES, "content GC");
    }
  }

  private void failed(MvException e, Counter transientCounter, String what) {
    if (e.isRetryable()) {
      stats.increment(transientCounter);
    } else {
      findings.error(what, e);
    }
  }
}
