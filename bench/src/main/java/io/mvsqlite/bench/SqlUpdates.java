package io.mvsqlite.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Clients updating their own rows: client {@code k} owns table {@code acct_k} ({@code
 * rowsPerClient} rows of {@code id INTEGER PRIMARY KEY, n INTEGER, pad BLOB}) and runs {@code
 * UPDATE acct_k SET n = n + 1 WHERE id = ?} on random ids of it, each statement its own
 * (autocommit) transaction, on its own connection.
 *
 * <p><b>Why one table per client.</b> Rows of one table share B-tree pages in id order, so two
 * clients' row ranges could share a leaf page, and for mvSQLite (optimistic, page-granular) that is
 * a real conflict. A table per client gives each client its own root and leaf pages, so the clients
 * write disjoint pages: every page a client writes is written by no one else, and the pages they
 * all read (page 1: header and schema) are written by no one during the run. Same-size updates
 * touch only the row's leaf page, so no conflict is expected; any that happens is counted.
 *
 * <p>A statement that fails with {@code SQLITE_BUSY} (an mvSQLite commit conflict; for local
 * SQLite, a lock it could not get) is an abort: counted, and the client goes on with its next
 * update. The measurement is first taken with one client, then with {@code updateClients}:
 * aggregate commits per second, and aborts as a percentage of attempts. Afterwards the sum of
 * {@code n} over every table must equal the number of successful updates (no lost update).
 */
final class SqlUpdates {

  private static final int PAD_BYTES = 64;

  private SqlUpdates() {}

  /**
   * The figures {@link SqlMetric#UPDATES_ONE_CLIENT}, {@link SqlMetric#UPDATES_MANY_CLIENTS},
   * {@link SqlMetric#UPDATE_ABORTS}.
   */
  static List<SqlFigure> run(
      SqlEndpoint endpoint, SqlBenchmarkSettings settings, PrintStream progress)
      throws SQLException {
    int clients = settings.updateClients();
    int rows = settings.rowsPerClient();
    List<Connection> connections = new ArrayList<>();
    List<PreparedStatement> updates = new ArrayList<>();
    try {
      for (int k = 0; k < clients; k++) {
        Connection c = endpoint.open("accounts");
        connections.add(c);
        if (k == 0) {
          for (int t = 0; t < clients; t++) {
            Sql.exec(
                c,
                "CREATE TABLE acct_" + t + "(id INTEGER PRIMARY KEY, n INTEGER NOT NULL, pad BLOB)",
                "INSERT INTO acct_"
                    + t
                    + " WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < "
                    + rows
                    + ") SELECT i, 0, randomblob("
                    + PAD_BYTES
                    + ") FROM s");
          }
        }
        updates.add(c.prepareStatement("UPDATE acct_" + k + " SET n = n + 1 WHERE id = ?"));
      }
      LongAdder commits = new LongAdder();
      LongAdder aborts = new LongAdder();
      Throughput.Operation op =
          (thread, random) -> {
            PreparedStatement update = updates.get(thread);
            try {
              update.setLong(1, 1 + random.nextInt(rows));
              if (update.executeUpdate() != 1) {
                throw new IllegalStateException("an update of client " + thread + " found no row");
              }
            } catch (SQLException e) {
              if (Sql.isBusy(e)) {
                aborts.increment();
                return 0;
              }
              throw Sql.unchecked("an update", e);
            }
            commits.increment();
            return 1;
          };
      List<SqlFigure> figures = new ArrayList<>();
      figures.add(
          SqlTimed.throughput(
              endpoint, SqlMetric.UPDATES_ONE_CLIENT, settings, 1, op, commits, progress));
      long commitsBefore = commits.sum();
      long abortsBefore = aborts.sum();
      SqlFigure many =
          SqlTimed.throughput(
              endpoint, SqlMetric.UPDATES_MANY_CLIENTS, settings, clients, op, commits, progress);
      figures.add(many);
      long attempts = commits.sum() - commitsBefore + aborts.sum() - abortsBefore;
      double abortPercent = attempts == 0 ? 0 : 100.0 * (aborts.sum() - abortsBefore) / attempts;
      SqlFigure abortFigure =
          new SqlFigure(
              endpoint.system,
              SqlMetric.UPDATE_ABORTS,
              List.of(abortPercent),
              many.transactions(),
              many.wallSeconds(),
              many.layers());
      SqlTimed.report(abortFigure, progress);
      figures.add(abortFigure);
      checkNoLostUpdate(connections.getFirst(), clients, commits.sum());
      return figures;
    } finally {
      for (PreparedStatement p : updates) {
        p.close();
      }
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  private static void checkNoLostUpdate(Connection c, int clients, long commits)
      throws SQLException {
    long total = 0;
    for (int k = 0; k < clients; k++) {
      total += Sql.queryLong(c, "SELECT sum(n) FROM acct_" + k);
    }
    if (total != commits) {
      throw new IllegalStateException(
          "the tables count " + total + " updates, the clients committed " + commits);
    }
  }
}
