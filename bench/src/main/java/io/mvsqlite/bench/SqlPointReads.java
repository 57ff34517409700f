package io.mvsqlite.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Warm point reads: a table of {@code pointRows} rows ({@code id INTEGER PRIMARY KEY, v BLOB}),
 * read by one client in read transactions of {@code readsPerTransaction} lookups of random ids each
 * ({@code BEGIN}, the {@code SELECT}s, {@code COMMIT}). The warm-up runs the same loop, so every
 * cache a system has is warm when the timed runs start. Every lookup checks that its row is there
 * with the value written.
 */
final class SqlPointReads {

  private static final int STREAM = 10;
  private static final int LOAD_ROWS_PER_TRANSACTION = 10_000;

  private SqlPointReads() {}

  static SqlFigure run(SqlEndpoint endpoint, SqlBenchmarkSettings settings, PrintStream progress)
      throws SQLException {
    PageContents contents = new PageContents(settings.seed(), settings.rowBytes());
    try (Connection c = endpoint.open("points")) {
      Sql.exec(c, "CREATE TABLE kv(id INTEGER PRIMARY KEY, v BLOB)");
      Sql.insertRows(c, "kv", 1, settings.pointRows(), LOAD_ROWS_PER_TRANSACTION, contents, STREAM);
      int n = settings.readsPerTransaction();
      LongAdder transactions = new LongAdder();
      try (PreparedStatement select = c.prepareStatement("SELECT v FROM kv WHERE id = ?")) {
        Throughput.Operation op =
            (thread, random) -> {
              try {
                Sql.exec(c, "BEGIN");
                for (int i = 0; i < n; i++) {
                  long id = 1 + random.nextInt(settings.pointRows());
                  select.setLong(1, id);
                  try (ResultSet r = select.executeQuery()) {
                    if (!r.next() || PageContents.stampedIndex(r.getBytes(1)) != id) {
                      throw new IllegalStateException("row " + id + " is missing or wrong");
                    }
                  }
                }
                Sql.exec(c, "COMMIT");
              } catch (SQLException e) {
                throw Sql.unchecked("a point-read transaction", e);
              }
              transactions.increment();
              return n;
            };
        return SqlTimed.throughput(
            endpoint, SqlMetric.POINT_READS, settings, 1, op, transactions, progress);
      }
    }
  }
}
