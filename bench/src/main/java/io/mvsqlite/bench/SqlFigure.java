package io.mvsqlite.bench;

import java.util.List;

/**
 * One measured figure of one system: the reported value (the median of the runs), every run, and —
 * for mvSQLite — the page-store calls its connections made during the measured runs, with the
 * transactions they served and the wall time, for the breakdown by layer.
 *
 * @param runs every run's value, in the metric's unit
 * @param transactions SQL transactions (or scans) during the measured runs
 * @param wallSeconds wall time of the measured runs
 * @param layers page-store calls during the measured runs (all zero for local SQLite)
 */
public record SqlFigure(
    SqlSystem system,
    SqlMetric metric,
    List<Double> runs,
    long transactions,
    double wallSeconds,
    TimedPageStore.Snapshot layers) {

  public SqlFigure {
    runs = List.copyOf(runs);
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("a figure needs at least one run");
    }
  }

  public double value() {
    return Stats.median(runs);
  }
}
