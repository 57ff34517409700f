package io.mvsqlite.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small statistics of benchmark runs. */
final class Stats {

  private Stats() {}

  /** The median (the mean of the middle two for an even count). */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
