package io.mvsqlite.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The throughput of one workload at one concurrency in one store mode: every timed run, in the workload's unit per
 * second.
 */
public record Measurement(Workload workload, int threads, StoreMode mode, List<Double> runsPerSecond) {

  public Measurement {
    if (runsPerSecond.isEmpty()) {
      throw new IllegalArgumentException("a measurement needs at least one run");
    }
    runsPerSecond = List.copyOf(runsPerSecond);
  }

  /** The median of the runs (the mean of the middle two for an even count). */
  public double medianPerSecond() {
    List<Double> sorted = new ArrayList<>(runsPerSecond);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
