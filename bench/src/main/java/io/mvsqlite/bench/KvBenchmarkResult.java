package io.mvsqlite.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of a KV benchmark: every measurement, and the settings and backends (one per mode)
 * they were taken with.
 *
 * <p>Higher layers report themselves as a fraction of these numbers ({@link #fractionOf}), which
 * makes results from different machines comparable.
 */
public record KvBenchmarkResult(
    String backend, BenchmarkSettings settings, List<Measurement> measurements) {

  public KvBenchmarkResult {
    measurements = List.copyOf(measurements);
  }

  /** The measurement of {@code workload} at {@code threads} in {@code mode}, if it was taken. */
  public Optional<Measurement> find(Workload workload, int threads, StoreMode mode) {
    return measurements.stream()
        .filter(m -> m.workload() == workload && m.threads() == threads && m.mode() == mode)
        .findFirst();
  }

  /** The median throughput of that measurement, in the workload's unit per second. */
  public double medianPerSecond(Workload workload, int threads, StoreMode mode) {
    return find(workload, threads, mode)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not measured: " + workload + " x" + threads + " " + mode))
        .medianPerSecond();
  }

  /**
   * {@code observedPerSecond} as a fraction of the KV median for the same workload, concurrency and
   * mode.
   */
  public double fractionOf(
      double observedPerSecond, Workload workload, int threads, StoreMode mode) {
    return observedPerSecond / medianPerSecond(workload, threads, mode);
  }

  /** The results as a text table: one row per workload and concurrency, one column per mode. */
  public String table() {
    Set<StoreMode> modes = new LinkedHashSet<>();
    measurements.forEach(m -> modes.add(m.mode()));
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "KV benchmark: %s, %,d keys, %d-byte values, %s writes, median of %d runs of %d ms%n",
            backend,
            settings.keys(),
            settings.valueBytes(),
            settings.syncWrites() ? "synced" : "unsynced",
            settings.runs(),
            settings.runDuration().toMillis()));
    out.append(String.format(Locale.ROOT, "%-34s %7s", "workload", "threads"));
    for (StoreMode mode : modes) {
      out.append(String.format(Locale.ROOT, " %14s", mode.label()));
    }
    out.append(String.format(Locale.ROOT, "  %s%n", "unit"));
    for (Row row : rows()) {
      String label =
          switch (row.workload()) {
            case POINT_READ_BATCH -> row.workload().label() + " (" + settings.batchReads() + ")";
            case RANGE_READ -> row.workload().label() + " (" + settings.rangeKeys() + " keys)";
            default -> row.workload().label();
          };
      out.append(String.format(Locale.ROOT, "%-34s %7d", label, row.threads()));
      for (StoreMode mode : modes) {
        String cell =
            find(row.workload(), row.threads(), mode)
                .map(m -> String.format(Locale.ROOT, "%,.0f", m.medianPerSecond()))
                .orElse("-");
        out.append(String.format(Locale.ROOT, " %14s", cell));
      }
      out.append(String.format(Locale.ROOT, "  %s%n", row.workload().unit()));
    }
    return out.toString();
  }

  private List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (Measurement m : measurements) {
      Row row = new Row(m.workload(), m.threads());
      if (!rows.contains(row)) {
        rows.add(row);
      }
    }
    return rows;
  }

  private record Row(Workload workload, int threads) {}
}
