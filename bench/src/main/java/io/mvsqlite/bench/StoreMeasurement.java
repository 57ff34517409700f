package io.mvsqlite.bench;

import java.util.List;

/**
 * The throughput of one {@link StoreWorkload} over one transport at one client count: every timed
 * run, in the workload's unit per second, and the commits rejected as conflicts over all runs
 * (expected: none).
 */
public record StoreMeasurement(
    StoreTransport transport,
    StoreWorkload workload,
    int threads,
    List<Double> runsPerSecond,
    long conflicts) {

  public StoreMeasurement {
    runsPerSecond = List.copyOf(runsPerSecond);
    if (runsPerSecond.isEmpty()) {
      throw new IllegalArgumentException("a measurement needs at least one run");
    }
  }

  public double medianPerSecond() {
    return Stats.median(runsPerSecond);
  }
}
