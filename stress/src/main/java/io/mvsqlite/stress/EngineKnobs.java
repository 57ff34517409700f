package io.mvsqlite.stress;

import io.mvsqlite.kv.FaultPlan;
import io.mvsqlite.store.StoreConfig;

/**
 * The engine knobs a stress run sets when it starts its own engine (in-process server or direct
 * mode), with the meanings of the mvstore flags of the same names ({@code
 * --knob-gc-scan-batch-size}, ...), and the KV faults to inject. Immutable.
 *
 * @param gcScanBatchSize keys per GC and truncation batch
 * @param gcFreshPageTtlSecs minimum age of unreferenced content before GC may delete it; 0 lets GC
 *     race with uploads
 * @param commitMultiPhaseThreshold pages from which a commit uses two phases; 0 makes every commit
 *     two-phase
 * @param commitStagedThreshold pages above which a commit is staged over many KV transactions
 * @param faults the KV faults injected under the engine ({@code FaultInjectingKvStore}), or {@code
 *     null} for none
 */
public record EngineKnobs(
    int gcScanBatchSize,
    long gcFreshPageTtlSecs,
    int commitMultiPhaseThreshold,
    int commitStagedThreshold,
    FaultPlan faults) {

  /** Metadata prefix of the engines the stress tester starts (the server's default). */
  static final String METADATA_PREFIX = "mvstore";

  /** Raw data prefix of the engines the stress tester starts (the server's default). */
  static final String RAW_DATA_PREFIX = "m";

  public EngineKnobs {
    if (gcScanBatchSize < 2) {
      throw new IllegalArgumentException("gcScanBatchSize must be at least 2: " + gcScanBatchSize);
    }
    if (gcFreshPageTtlSecs < 0 || commitMultiPhaseThreshold < 0 || commitStagedThreshold < 0) {
      throw new IllegalArgumentException("engine knobs must not be negative");
    }
  }

  /** The engine's defaults, no faults. */
  public static EngineKnobs defaults() {
    StoreConfig d = StoreConfig.defaults(METADATA_PREFIX, RAW_DATA_PREFIX);
    return new EngineKnobs(
        d.gcScanBatchSize(),
        d.gcFreshPageTtlSecs(),
        d.commitMultiPhaseThreshold(),
        d.commitStagedThreshold(),
        null);
  }

  public EngineKnobs withGcScanBatchSize(int value) {
    return new EngineKnobs(
        value, gcFreshPageTtlSecs, commitMultiPhaseThreshold, commitStagedThreshold, faults);
  }

  public EngineKnobs withGcFreshPageTtlSecs(long value) {
    return new EngineKnobs(
        gcScanBatchSize, value, commitMultiPhaseThreshold, commitStagedThreshold, faults);
  }

  public EngineKnobs withCommitMultiPhaseThreshold(int value) {
    return new EngineKnobs(
        gcScanBatchSize, gcFreshPageTtlSecs, value, commitStagedThreshold, faults);
  }

  public EngineKnobs withCommitStagedThreshold(int value) {
    return new EngineKnobs(
        gcScanBatchSize, gcFreshPageTtlSecs, commitMultiPhaseThreshold, value, faults);
  }

  public EngineKnobs withFaults(FaultPlan value) {
    return new EngineKnobs(
        gcScanBatchSize,
        gcFreshPageTtlSecs,
        commitMultiPhaseThreshold,
        commitStagedThreshold,
        value);
  }

  /** The engine configuration: the defaults with these knobs. */
  StoreConfig storeConfig() {
    return StoreConfig.defaults(METADATA_PREFIX, RAW_DATA_PREFIX)
        .withGcScanBatchSize(gcScanBatchSize)
        .withGcFreshPageTtlSecs(gcFreshPageTtlSecs)
        .withCommitMultiPhaseThreshold(commitMultiPhaseThreshold)
        .withCommitStagedThreshold(commitStagedThreshold);
  }

  /** One line for the report. */
  String describe() {
    return flags().replace("--knob-", "").replace("--", "");
  }

  /** The command-line flags that set these knobs. */
  String flags() {
    return "--knob-gc-scan-batch-size "
        + gcScanBatchSize
        + " --knob-gc-fresh-page-ttl-secs "
        + gcFreshPageTtlSecs
        + " --knob-commit-multi-phase-threshold "
        + commitMultiPhaseThreshold
        + " --knob-commit-staged-threshold "
        + commitStagedThreshold
        + (faults == null
            ? ""
            : " --fault-seed "
                + faults.seed()
                + " --fault-conflict "
                + faults.conflictProbability()
                + " --fault-transient "
                + faults.transientProbability()
                + " --fault-unknown-committed "
                + faults.unknownCommittedProbability()
                + " --fault-unknown-not-committed "
                + faults.unknownNotCommittedProbability());
  }
}
