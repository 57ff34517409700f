package io.mvsqlite.bench;

/**
 * The timed workloads of {@link StoreBenchmark}, with the KV workload each one is compared with.
 */
public enum StoreWorkload {
  /** Batches of random page reads ({@code /batch/read}) of a loaded namespace. */
  PAGE_READ("pages read", "pages/s", Workload.POINT_READ_BATCH),
  /** Commits of a few pages each, inline, to pages no other writer touches. */
  SMALL_COMMIT("small commits", "commits/s", Workload.SMALL_COMMIT);

  private final String label;
  private final String unit;
  private final Workload kvCounterpart;

  StoreWorkload(String label, String unit, Workload kvCounterpart) {
    this.label = label;
    this.unit = unit;
    this.kvCounterpart = kvCounterpart;
  }

  public String label() {
    return label;
  }

  public String unit() {
    return unit;
  }

  /** The KV workload whose throughput this one is reported as a fraction of. */
  public Workload kvCounterpart() {
    return kvCounterpart;
  }
}
