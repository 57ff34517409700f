package io.mvsqlite.stress;

import io.mvsqlite.kv.FaultPlan;
import java.time.Duration;

/**
 * The reference CI's stress matrix (mvstore-server §15.1), as configurations shared by the short CI
 * run ({@link CiStressTest}) and the soak run ({@link SoakStressTest}), which differ only in size.
 * Each sets the engine knobs and client flags of one reference job, plus the two mvSQLite
 * additions: staged commits everywhere, and KV faults.
 */
final class CiConfigurations {

  private CiConfigurations() {}

  /** How big a run is: concurrency, iterations per task, pages. */
  record Size(int concurrency, int iterations, int pages) {}

  /**
   * The short CI size: 32 tasks × 600 actions over 250 pages (10–25 s per configuration on 2
   * cores).
   */
  static final Size SHORT = new Size(32, 600, 250);

  /** The reference CI's size: 50 tasks × 1000 actions over 1000 pages (20–40 s here). */
  static final Size REFERENCE = new Size(50, 1000, 1000);

  /**
   * The soak size: the reference's, with five times the actions (a few minutes per configuration).
   */
  static final Size SOAK = new Size(50, 5000, 1000);

  private static StressConfig.Builder base(Size size, long seed, EngineKnobs knobs) {
    return StressConfig.builder()
        .target(new StressConfig.InProcessServer(knobs, null))
        .nsKey("stress")
        .concurrency(size.concurrency())
        .iterations(size.iterations())
        .pages(size.pages())
        .seed(seed)
        .retryDeadline(Duration.ofSeconds(60));
  }

  /** {@code stress}: defaults. */
  static StressConfig defaults(Size size, long seed) {
    return base(size, seed, EngineKnobs.defaults()).build();
  }

  /**
   * {@code stress-disable-read-set}: every commit takes the namespace-level (LWV) conflict check.
   */
  static StressConfig readSetDisabled(Size size, long seed) {
    return base(size, seed, EngineKnobs.defaults()).disableReadSet(true).build();
  }

  /** {@code stress-small-gc-batch}: truncation and GC cross batch boundaries all the time. */
  static StressConfig smallGcBatches(Size size, long seed) {
    return base(size, seed, EngineKnobs.defaults().withGcScanBatchSize(50)).build();
  }

  /**
   * {@code stress-gc-nofresh}: content GC may collect uploads before their commit (410 allowed,
   * read-backs of own writes skipped); no leases, as with the reference's clients, so GC really
   * collects; GC every 1–999 ms.
   */
  static StressConfig ttlZero(Size size, long seed) {
    return base(size, seed, EngineKnobs.defaults().withGcFreshPageTtlSecs(0))
        .permit410(true)
        .disableRyw(true)
        .leaseProbability(0)
        .gcIntervalMaxMillis(999)
        .build();
  }

  /**
   * {@code stress-commit-multi-phase}: every commit two-phase, racing with GC over the commit
   * token.
   */
  static StressConfig multiPhaseEverywhere(Size size, long seed) {
    return base(
            size,
            seed,
            EngineKnobs.defaults()
                .withCommitMultiPhaseThreshold(0)
                .withGcFreshPageTtlSecs(0)
                .withGcScanBatchSize(50))
        .permit410(true)
        .disableRyw(true)
        .leaseProbability(0)
        .gcIntervalMaxMillis(999)
        .build();
  }

  /**
   * mvSQLite: staged commits everywhere. Commits above 20 pages are staged (write actions of up to
   * 25 pages make many of them), so staging, publishing and merging race with small commits,
   * truncation and GC.
   */
  static StressConfig stagedEverywhere(Size size, long seed) {
    return base(size, seed, EngineKnobs.defaults().withCommitStagedThreshold(20))
        .maxPagesPerWrite(25)
        .build();
  }

  /**
   * mvSQLite: KV faults under the engine: read and commit conflicts and transient errors (0.1 % of
   * KV reads and commits each) and {@code commit_unknown_result} after and without the commit (3 %
   * of KV commits each).
   */
  static StressConfig kvFaults(Size size, long seed) {
    return base(
            size,
            seed,
            EngineKnobs.defaults().withFaults(new FaultPlan(seed, 0.001, 0.001, 0.03, 0.03)))
        .build();
  }
}
