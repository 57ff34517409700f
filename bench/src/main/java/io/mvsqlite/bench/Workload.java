package io.mvsqlite.bench;

/** What a benchmark run does in a loop, and the unit its throughput is counted in. */
public enum Workload {
  /** One transaction per read of one random key. */
  POINT_READ("point read, 1 per txn", "reads/s"),
  /**
   * One transaction per batch of random-key reads, all issued before any is awaited (as page reads
   * are).
   */
  POINT_READ_BATCH("point read, batch per txn", "reads/s"),
  /** One transaction per range read of consecutive keys from a random start. */
  RANGE_READ("range read", "keys/s"),
  /** One transaction per write of one value to a key no other writer touches, committed. */
  SMALL_COMMIT("small commit, 1 value", "commits/s");

  private final String label;
  private final String unit;

  Workload(String label, String unit) {
    this.label = label;
    this.unit = unit;
  }

  public String label() {
    return label;
  }

  public String unit() {
    return unit;
  }
}
