package io.mvsqlite.bench;

import java.util.List;

/**
 * The throughput of one workload at one concurrency in one store mode: every timed run, in the
 * workload's unit per second.
 */
public record Measurement(
    Workload workload, int threads, StoreMode mode, List<Double> runsPerSecond) {

  public Measurement {
    if (runsPerSecond.isEmpty()) {
      throw new IllegalArgumentException("a measurement needs at least one run");
    }
    runsPerSecond = List.copyOf(runsPerSecond);
  }

  /** The median of the runs (the mean of the middle two for an even count). */
  public double medianPerSecond() {
    return Stats.median(runsPerSecond);
  }
}
