package io.mvsqlite.bench;

/** What {@link SqlBenchmark} reports for each system, with its unit. */
public enum SqlMetric {
  POINT_READS("warm point reads", "reads/s"),
  BULK_LOAD("bulk load", "rows/s"),
  AUTOCOMMIT_INSERTS("autocommit inserts, 1 client", "inserts/s"),
  UPDATES_ONE_CLIENT("own-row updates, 1 client", "commits/s"),
  UPDATES_MANY_CLIENTS("own-row updates, N clients", "commits/s"),
  UPDATE_ABORTS("aborted commits, N clients", "%"),
  COLD_SCAN("cold full scan", "s"),
  REWRITTEN_SCAN("cold scan after a full rewrite, current version", "s"),
  OLD_VERSION_SCAN("cold scan after a full rewrite, version before it", "s");

  private final String label;
  private final String unit;

  SqlMetric(String label, String unit) {
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
