package io.mvsqlite.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes of one client: a bulk load ({@code bulkRows} rows in transactions of {@code
 * bulkRowsPerTransaction}, one timed run), and single-row inserts in autocommit mode (each its own
 * transaction, timed runs). Both check the row count afterwards.
 */
final class SqlWrites {

  private static final int BULK_STREAM = 20;
  private static final int INSERT_STREAM = 21;

  private SqlWrites() {}

  static SqlFigure bulkLoad(
      SqlEndpoint endpoint, SqlBenchmarkSettings settings, PrintStream progress)
      throws SQLException {
    PageContents contents = new PageContents(settings.seed(), settings.rowBytes());
    try (Connection c = endpoint.open("bulk")) {
      Sql.exec(c, "CREATE TABLE bulk(id INTEGER PRIMARY KEY, v BLOB)");
      TimedPageStore.Snapshot before = endpoint.layers();
      long start = System.nanoTime();
      Sql.insertRows(
          c,
          "bulk",
          1,
          settings.bulkRows(),
          settings.bulkRowsPerTransaction(),
          contents,
          BULK_STREAM);
      double seconds = (System.nanoTime() - start) / 1e9;
      TimedPageStore.Snapshot layers = endpoint.layers().minus(before);
      long rows = Sql.queryLong(c, "SELECT count(*) FROM bulk");
      if (rows != settings.bulkRows()) {
        throw new IllegalStateException(
            "the bulk load left " + rows + " rows, expected " + settings.bulkRows());
      }
      long transactions =
          (settings.bulkRows() + settings.bulkRowsPerTransaction() - 1)
              / settings.bulkRowsPerTransaction();
      SqlFigure f =
          new SqlFigure(
              endpoint.system,
              SqlMetric.BULK_LOAD,
              List.of(settings.bulkRows() / seconds),
              transactions,
              seconds,
              layers);
      SqlTimed.report(f, progress);
      return f;
    }
  }

  static SqlFigure autocommitInserts(
      SqlEndpoint endpoint, SqlBenchmarkSettings settings, PrintStream progress)
      throws SQLException {
    PageContents contents = new PageContents(settings.seed(), settings.rowBytes());
    try (Connection c = endpoint.open("inserts")) {
      Sql.exec(c, "CREATE TABLE log(id INTEGER PRIMARY KEY, v BLOB)");
      LongAdder inserted = new LongAdder();
      SqlFigure f;
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO log(id, v) VALUES (?, ?)")) {
        Throughput.Operation op =
            (thread, random) -> {
              long id = inserted.sum() + 1;
              try {
                insert.setLong(1, id);
                insert.setBytes(2, contents.make(INSERT_STREAM, id));
                insert.executeUpdate();
              } catch (SQLException e) {
                throw Sql.unchecked("an autocommit insert", e);
              }
              inserted.increment();
              return 1;
            };
        f =
            SqlTimed.throughput(
                endpoint, SqlMetric.AUTOCOMMIT_INSERTS, settings, 1, op, inserted, progress);
      }
      long rows = Sql.queryLong(c, "SELECT count(*) FROM log");
      if (rows != inserted.sum()) {
        throw new IllegalStateException(
            "the inserts left " + rows + " rows, expected " + inserted.sum());
      }
      return f;
    }
  }
}
