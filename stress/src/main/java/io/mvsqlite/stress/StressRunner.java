package io.mvsqlite.stress;

import io.mvsqlite.client.transport.RetryingPageStore;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.content.PageHasher;
import io.mvsqlite.stress.InMemoryModel.Observation;
import io.mvsqlite.stress.Violation.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library entry point of the stress tester (used by {@link StressMain} and the JUnit
 * configurations).
 *
 * <p>A run: make sure the namespace exists (creating it through the admin API); read every page at
 * the head as the model's baseline; start the history workers (truncation, content GC) if the admin
 * API is known; run {@code concurrency} {@link StressTask}s on virtual threads until each has done
 * its iterations (or the duration passed); stop the workers; run every check still waiting; sweep
 * all pages at the head and at a few retained versions; and, where the admin API is known, wait
 * until no published staged commit is left unmerged. Transient failures of every data-plane call
 * are retried ({@link RetryingPageStore}) up to the configured deadline.
 *
 * <p>Each call runs one independent run; runs may go in parallel on different namespaces.
 */
public final class StressRunner {

  private static final Logger LOG = LoggerFactory.getLogger(StressRunner.class);

  /**
   * How long the background merger may go without finishing a published staged commit after the
   * run.
   */
  static final Duration STAGED_MERGE_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
  private static final int SWEEP_VERSIONS = 3;

  /**
   * Pages per read request of the baseline and the final sweep. A read request fails as a whole
   * when any of its KV reads fails, so under injected faults small batches get through where a
   * 200-page batch would keep failing.
   */
  private static final int SWEEP_BATCH_PAGES = 50;

  private StressRunner() {}

  /** Opens the target of {@code config}, runs, and closes the target. */
  public static StressReport run(StressConfig config) {
    try (StressTarget target = StressTarget.open(config)) {
      return run(config, target);
    }
  }

  /**
   * Runs against {@code target}, which the caller keeps open and closes.
   *
   * @throws MvException when the run cannot start (namespace missing and no admin API, server
   *     unreachable)
   */
  public static StressReport run(StressConfig config, StressTarget target) {
    long start = System.nanoTime();
    LOG.info("stress run starting: seed {}, {}", config.seed(), target.describe());
    Findings findings = new Findings();
    StressStats stats = new StressStats();
    PageStore store = new RetryingPageStore(target.pageStore(), config.retryDeadline());
    NamespaceRef ns = NamespaceRef.of(config.nsKey());
    NamespaceAdmin admin = target.admin();
    if (admin != null) {
      ensureNamespace(admin, config);
    }
    Version baseline = store.stat(ns, null, null).version();
    InMemoryModel model =
        new InMemoryModel(
            config.seed(), findings, stats, baseline, readAll(store, ns, baseline, config.pages()));

    SplittableRandom root = new SplittableRandom(config.seed());
    CountDownLatch stop = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    if (admin != null && config.truncateIntervalMaxMillis() > 0) {
      workers.add(
          worker(
              HistoryWorker.Job.TRUNCATION,
              admin,
              store,
              config,
              model,
              stats,
              findings,
              stop,
              root));
    }
    if (admin != null && config.gcIntervalMaxMillis() > 0) {
      workers.add(
          worker(
              HistoryWorker.Job.CONTENT_GC,
              admin,
              store,
              config,
              model,
              stats,
              findings,
              stop,
              root));
    }
    long deadline =
        config.duration() == null
            ? System.nanoTime() + Long.MAX_VALUE / 2
            : System.nanoTime() + config.duration().toNanos();
    List<Thread> tasks = new ArrayList<>(config.concurrency());
    for (int i = 0; i < config.concurrency(); i++) {
      StressTask task =
          new StressTask(
              i,
              config,
              store,
              model,
              stats,
              findings,
              target.stagedThreshold(),
              deadline,
              root.split());
      tasks.add(Thread.ofVirtual().name("stress-task-" + i).start(task));
    }
    joinAll(tasks);
    stop.countDown();
    joinAll(workers);

    int waiting = model.finish();
    LOG.info("all tasks done; {} checks were waiting for commits in flight", waiting);
    sweep(store, ns, config, model, findings, root.split());
    if (admin != null) {
      awaitStagedMerges(admin, config, findings);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    StressReport report =
        new StressReport(
            config.describe(),
            target.describe(),
            stats.snapshot(),
            target.faultsInjected(),
            findings.violations(),
            findings.violationCount(),
            findings.errors(),
            findings.errorCount(),
            findings.inconclusiveCount(),
            took);
    LOG.info("stress run: {}", report.oneLine());
    return report;
  }

  private static Thread worker(
      HistoryWorker.Job job,
      NamespaceAdmin admin,
      PageStore store,
      StressConfig config,
      InMemoryModel model,
      StressStats stats,
      Findings findings,
      CountDownLatch stop,
      SplittableRandom root) {
    HistoryWorker w =
        new HistoryWorker(job, admin, store, config, model, stats, findings, stop, root.split());
    return Thread.ofVirtual()
        .name("stress-" + job.name().toLowerCase(java.util.Locale.ROOT))
        .start(w);
  }

  private static void joinAll(List<Thread> threads) {
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MvException(
            ErrorCode.NETWORK, "interrupted while waiting for the stress tasks", e);
      }
    }
  }

  /** Creates the namespace unless it exists; retries transient failures until the deadline. */
  private static void ensureNamespace(NamespaceAdmin admin, StressConfig config) {
    retrying(
        config.retryDeadline(),
        () -> {
          try {
            admin.stat(config.nsKey());
          } catch (MvException e) {
            if (e.code() != ErrorCode.NAMESPACE_NOT_FOUND && e.code() != ErrorCode.NOT_FOUND) {
              throw e;
            }
            try {
              admin.create(config.nsKey(), null);
              LOG.info("created namespace {}", config.nsKey());
            } catch (MvException exists) {
              if (exists.code() != ErrorCode.NAMESPACE_EXISTS) {
                throw exists;
              }
            }
          }
          return null;
        });
  }

  /**
   * Every page of {@code [0, pages)} at {@code version}, as observations (absent pages included).
   */
  private static List<Observation> readAll(
      PageStore store, NamespaceRef ns, Version version, int pages) {
    List<Observation> out = new ArrayList<>(pages);
    for (int from = 0; from < pages; from += SWEEP_BATCH_PAGES) {
      List<PageRead> reads = new ArrayList<>();
      for (int p = from; p < Math.min(pages, from + SWEEP_BATCH_PAGES); p++) {
        reads.add(PageRead.at(p, version));
      }
      List<PageData> got = store.read(ns, reads);
      for (int i = 0; i < reads.size(); i++) {
        PageData d = got.get(i);
        out.add(
            new Observation(
                reads.get(i).pageIndex(),
                d.version(),
                d.isAbsent() ? null : PageHasher.hash(d.data())));
      }
    }
    return out;
  }

  /** Reads every page at the head and at a few retained versions, checked like any read. */
  private static void sweep(
      PageStore store,
      NamespaceRef ns,
      StressConfig config,
      InMemoryModel model,
      Findings findings,
      SplittableRandom random) {
    try {
      Version floor = model.pinStatFloor();
      Version head = model.statAnswered(-1, floor, store.stat(ns, null, null).version());
      List<Version> versions = new ArrayList<>(List.of(head));
      versions.addAll(model.sampleRetained(random, SWEEP_VERSIONS));
      for (Version v : versions) {
        model.observe(-1, -1, v, readAll(store, ns, v, config.pages()));
      }
      model.unpin(head);
    } catch (MvException e) {
      findings.error("final sweep", e);
    }
  }

  /**
   * Waits until no published staged commit is left unmerged (the background merger finishes
   * interrupted ones). The wait is progress-based: it fails only when the count stayed above zero
   * without decreasing for {@link #STAGED_MERGE_TIMEOUT} (six passes of the merger), however long a
   * loaded machine needs in total.
   */
  private static void awaitStagedMerges(
      NamespaceAdmin admin, StressConfig config, Findings findings) {
    long deadline = System.nanoTime() + STAGED_MERGE_TIMEOUT.toNanos();
    int lowest = Integer.MAX_VALUE;
    int staged;
    try {
      while ((staged = admin.stat(config.nsKey()).metadata().stagedCommits()) > 0) {
        if (staged < lowest) {
          lowest = staged;
          deadline = System.nanoTime() + STAGED_MERGE_TIMEOUT.toNanos();
        } else if (System.nanoTime() - deadline > 0) {
          findings.violation(
              new Violation(
                  Kind.STAGED_LEFTOVER,
                  config.seed(),
                  -1,
                  -1,
                  null,
                  -1,
                  null,
                  staged
                      + " published staged commits still unmerged, none merged in the last "
                      + STAGED_MERGE_TIMEOUT.toSeconds()
                      + " s"));
          return;
        }
        Thread.sleep(
            POLL_INTERVAL); // polling the server's state: nothing to wait on but its answer
      }
    } catch (MvException e) {
      findings.error("checking for unmerged staged commits", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static <T> T retrying(Duration deadline, Supplier<T> call) {
    long end = System.nanoTime() + deadline.toNanos();
    long delayMillis = 50;
    while (true) {
      try {
        return call.get();
      } catch (MvException e) {
        if (!e.isRetryable() || System.nanoTime() + delayMillis * 1_000_000 - end > 0) {
          throw e;
        }
      }
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new MvException(ErrorCode.NETWORK, "interrupted", ie);
      }
      delayMillis = Math.min(delayMillis * 2, 2000);
    }
  }
}
