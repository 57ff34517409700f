package io.mvsqlite.bench;

import io.mvsqlite.protocol.Version;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Full scans of a table of {@code scanBytes} of row data ({@code id INTEGER PRIMARY KEY, gen
 * INTEGER, v BLOB}, rows of {@code scanRowBytes}, so every row sits in a leaf page and a scan reads
 * every page of the table).
 *
 * <p><b>Cold</b> means a new connection each time: SQLite's cache and mvSQLite's page cache start
 * empty. The data itself stays where it is: in the operating system's file cache for the local
 * file, in the store (and its block cache, and the file cache) behind mvSQLite; nothing here can or
 * should empty the machine's file cache.
 *
 * <p>For mvSQLite two more figures follow: every row is rewritten (new values, {@code gen = 1}, in
 * transactions of {@value #REWRITE_ROWS_PER_TRANSACTION} rows), so every page has two versions, and
 * the table is scanned cold at the current version and at the version before the rewrite ({@code
 * name@version}, read-only). Each scan checks the row count, the bytes, and which generation it
 * saw.
 */
final class SqlScans {

  private static final int STREAM = 30;
  private static final int LOAD_ROWS_PER_TRANSACTION = 5_000;
  static final int REWRITE_ROWS_PER_TRANSACTION = 20_000;
  private static final String DATABASE = "scan";
  private static final String SCAN = "SELECT count(*), sum(length(v)), sum(gen) FROM scan";

  private SqlScans() {}

  static List<SqlFigure> run(
      SqlEndpoint endpoint, SqlBenchmarkSettings settings, PrintStream progress)
      throws SQLException {
    int rows = settings.scanRows();
    PageContents contents = new PageContents(settings.seed(), settings.scanRowBytes());
    Version beforeRewrite;
    try (Connection c = endpoint.open(DATABASE)) {
      Sql.exec(
          c, "CREATE TABLE scan(id INTEGER PRIMARY KEY, gen INTEGER NOT NULL DEFAULT 0, v BLOB)");
      Sql.insertRows(c, "scan", 1, rows, LOAD_ROWS_PER_TRANSACTION, contents, STREAM);
      beforeRewrite = endpoint.lastKnownVersion(c).orElse(null);
    }
    List<SqlFigure> figures = new ArrayList<>();
    figures.add(scans(endpoint, SqlMetric.COLD_SCAN, null, settings, 0, progress));
    if (!endpoint.system.isMvSqlite()) {
      return figures;
    }
    try (Connection c = endpoint.open(DATABASE)) {
      for (long first = 1; first <= rows; first += REWRITE_ROWS_PER_TRANSACTION) {
        Sql.exec(
            c,
            "UPDATE scan SET gen = 1, v = randomblob("
                + settings.scanRowBytes()
                + ") WHERE id BETWEEN "
                + first
                + " AND "
                + (first + REWRITE_ROWS_PER_TRANSACTION - 1));
      }
    }
    figures.add(scans(endpoint, SqlMetric.REWRITTEN_SCAN, null, settings, rows, progress));
    figures.add(scans(endpoint, SqlMetric.OLD_VERSION_SCAN, beforeRewrite, settings, 0, progress));
    return figures;
  }

  /**
   * {@code runs} cold scans, each on a new connection (at {@code version}, if given): seconds per
   * scan.
   */
  private static SqlFigure scans(
      SqlEndpoint endpoint,
      SqlMetric metric,
      Version version,
      SqlBenchmarkSettings settings,
      long expectedGenerationSum,
      PrintStream progress)
      throws SQLException {
    List<Double> seconds = new ArrayList<>();
    TimedPageStore.Snapshot before = endpoint.layers();
    for (int run = 0; run < settings.runs(); run++) {
      try (Connection c =
          version == null ? endpoint.open(DATABASE) : endpoint.openAt(DATABASE, version)) {
        long start = System.nanoTime();
        long[] found = Sql.queryLongs(c, SCAN, 3);
        seconds.add((System.nanoTime() - start) / 1e9);
        long expectedBytes = (long) settings.scanRows() * settings.scanRowBytes();
        if (found[0] != settings.scanRows()
            || found[1] != expectedBytes
            || found[2] != expectedGenerationSum) {
          throw new IllegalStateException(
              String.format(
                  "%s: scan found %d rows, %d bytes, generation sum %d;" + " expected %d, %d, %d",
                  metric.label(),
                  found[0],
                  found[1],
                  found[2],
                  settings.scanRows(),
                  expectedBytes,
                  expectedGenerationSum));
        }
      }
    }
    double wall = seconds.stream().mapToDouble(Double::doubleValue).sum();
    SqlFigure f =
        new SqlFigure(
            endpoint.system,
            metric,
            seconds,
            settings.runs(),
            wall,
            endpoint.layers().minus(before));
    SqlTimed.report(f, progress);
    return f;
  }
}
