package io.mvsqlite.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a {@link SqlBenchmark}: every figure of every system, the targets checked against
 * them, and where each system is described.
 *
 * @param environment the JVM, the cores and the SQLite version
 * @param descriptions where each system kept its data
 */
public record SqlBenchmarkResult(
    SqlBenchmarkSettings settings,
    String environment,
    Map<SqlSystem, String> descriptions,
    List<SqlFigure> figures) {

  public SqlBenchmarkResult {
    descriptions = Map.copyOf(descriptions);
    figures = List.copyOf(figures);
  }

  public Optional<SqlFigure> find(SqlSystem system, SqlMetric metric) {
    return figures.stream().filter(f -> f.system() == system && f.metric() == metric).findFirst();
  }

  /**
   * The targets of the brief, for every mvSQLite system measured (those that compare with local
   * SQLite only when it was measured too).
   */
  public List<TargetCheck> checks() {
    List<TargetCheck> checks = new ArrayList<>();
    for (SqlSystem s : settings.systems()) {
      if (!s.isMvSqlite()) {
        continue;
      }
      ratio(
          checks,
          s,
          SqlMetric.POINT_READS,
          "warm point reads, mvSQLite / local",
          s == SqlSystem.HTTP ? 0.5 : 0.8,
          true);
      ratio(checks, s, SqlMetric.BULK_LOAD, "bulk load rows/s, mvSQLite / local", 0.5, true);
      ratio(
          checks,
          s,
          SqlMetric.AUTOCOMMIT_INSERTS,
          "autocommit inserts/s, mvSQLite / local",
          0.5,
          true);
      Optional<SqlFigure> one = find(s, SqlMetric.UPDATES_ONE_CLIENT);
      Optional<SqlFigure> many = find(s, SqlMetric.UPDATES_MANY_CLIENTS);
      if (one.isPresent() && many.isPresent()) {
        checks.add(
            new TargetCheck(
                settings.updateClients() + " clients' commits/s / 1 client's",
                s,
                many.get().value() / one.get().value(),
                true,
                2.0));
      }
      find(s, SqlMetric.UPDATE_ABORTS)
          .ifPresent(
              f ->
                  checks.add(
                      new TargetCheck(
                          "aborted commits of " + settings.updateClients() + " clients, %",
                          s,
                          f.value(),
                          false,
                          1.0)));
      ratio(checks, s, SqlMetric.COLD_SCAN, "cold full scan time, mvSQLite / local", 3.0, false);
      Optional<SqlFigure> current = find(s, SqlMetric.REWRITTEN_SCAN);
      Optional<SqlFigure> old = find(s, SqlMetric.OLD_VERSION_SCAN);
      if (current.isPresent() && old.isPresent()) {
        checks.add(
            new TargetCheck(
                "old-version scan time / current-version scan",
                s,
                old.get().value() / current.get().value(),
                false,
                1.2));
      }
    }
    return checks;
  }

  private void ratio(
      List<TargetCheck> checks,
      SqlSystem s,
      SqlMetric metric,
      String what,
      double target,
      boolean atLeast) {
    Optional<SqlFigure> mine = find(s, metric);
    Optional<SqlFigure> local = find(SqlSystem.LOCAL, metric);
    if (mine.isPresent() && local.isPresent()) {
      checks.add(
          new TargetCheck(what, s, mine.get().value() / local.get().value(), atLeast, target));
    }
  }

  /** The figures, the targets with PASS/MISS, and the breakdown of mvSQLite's page-store calls. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(Locale.ROOT, "SQL benchmark, scale %s: %s%n", settings.scale(), environment));
    for (SqlSystem s : settings.systems()) {
      out.append(
          String.format(Locale.ROOT, "  %-16s %s%n", s.description() + ":", descriptions.get(s)));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "  point reads: %,d rows of %d bytes, %d per read transaction; bulk load:"
                + " %,d rows of %d bytes, %,d per transaction; updates: %d clients, %d rows each; scan: %,d MiB in"
                + " %,d rows of %d bytes; timed runs: median of %d x %d ms; scans: median of %d%n%n",
            settings.pointRows(),
            settings.rowBytes(),
            settings.readsPerTransaction(),
            settings.bulkRows(),
            settings.rowBytes(),
            settings.bulkRowsPerTransaction(),
            settings.updateClients(),
            settings.rowsPerClient(),
            settings.scanBytes() >> 20,
            settings.scanRows(),
            settings.scanRowBytes(),
            settings.runs(),
            settings.runDuration().toMillis(),
            settings.runs()));

    List<SqlSystem> systems = settings.systems();
    String[] header = new String[systems.size() + 2];
    header[0] = "figure";
    header[1] = "unit";
    for (int i = 0; i < systems.size(); i++) {
      header[i + 2] = systems.get(i).label();
    }
    TextTable figuresTable = new TextTable(header);
    for (SqlMetric m : SqlMetric.values()) {
      String[] row = new String[header.length];
      row[0] = m.label().replace("N clients", settings.updateClients() + " clients");
      row[1] = m.unit();
      boolean any = false;
      for (int i = 0; i < systems.size(); i++) {
        Optional<SqlFigure> f = find(systems.get(i), m);
        any |= f.isPresent();
        row[i + 2] = f.map(x -> TextTable.number(x.value(), decimals(m, x.value()))).orElse("-");
      }
      if (any) {
        figuresTable.row(row);
      }
    }
    out.append(figuresTable.render()).append('\n');

    TextTable targets = new TextTable("target", "system", "measured", "target", "result");
    for (TargetCheck c : checks()) {
      targets.row(
          c.what(),
          c.system().label(),
          TextTable.number(c.value(), 2),
          c.bound(),
          c.passed() ? "PASS" : "MISS");
    }
    out.append(targets.render()).append('\n');
    out.append(breakdown());
    return out.toString();
  }

  private static int decimals(SqlMetric m, double value) {
    return switch (m) {
      case COLD_SCAN, REWRITTEN_SCAN, OLD_VERSION_SCAN -> 3;
      case UPDATE_ABORTS -> 2;
      default -> value < 100 ? 1 : 0;
    };
  }

  /**
   * Per mvSQLite figure: the page-store calls per transaction (stat round trips, read round trips
   * and pages, uploads, commits) and the time spent in them, against the wall time per transaction.
   */
  String breakdown() {
    TextTable t =
        new TextTable(
            "breakdown per transaction",
            "system",
            "txns",
            "wall ms",
            "stat",
            "stat ms",
            "reads",
            "pages",
            "read ms",
            "uploads",
            "up pages",
            "upload ms",
            "commits",
            "commit ms");
    for (SqlFigure f : figures) {
      if (!f.system().isMvSqlite()
          || f.transactions() == 0
          || f.metric() == SqlMetric.UPDATE_ABORTS) {
        continue;
      }
      double n = f.transactions();
      double threads = f.metric() == SqlMetric.UPDATES_MANY_CLIENTS ? settings.updateClients() : 1;
      TimedPageStore.Snapshot l = f.layers();
      TimedPageStore.Totals stat = l.of(TimedPageStore.Call.STAT);
      TimedPageStore.Totals read = l.of(TimedPageStore.Call.READ);
      TimedPageStore.Totals write = l.of(TimedPageStore.Call.WRITE);
      TimedPageStore.Totals commit = l.of(TimedPageStore.Call.COMMIT);
      t.row(
          f.metric().label().replace("N clients", settings.updateClients() + " clients"),
          f.system().label(),
          TextTable.number(n, 0),
          ms(f.wallSeconds() * 1e9 * threads / n),
          per(stat.calls(), n),
          ms(stat.nanos() / n),
          per(read.calls(), n),
          per(read.pages(), n),
          ms(read.nanos() / n),
          per(write.calls(), n),
          per(write.pages(), n),
          ms(write.nanos() / n),
          per(commit.calls(), n),
          ms(commit.nanos() / n));
    }
    return t.render()
        + "(wall ms: the run's wall time x its client threads / its transactions; the page-store times are the time"
        + " clients spent waiting in each call, server work and round trip included)\n";
  }

  private static String per(long count, double transactions) {
    return TextTable.number(count / transactions, count / transactions < 10 ? 2 : 0);
  }

  private static String ms(double nanos) {
    return TextTable.number(nanos / 1e6, 3);
  }
}
