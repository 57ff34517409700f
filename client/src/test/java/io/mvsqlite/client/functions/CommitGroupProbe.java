package io.mvsqlite.client.functions;

import io.mvsqlite.client.MvSqlite;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConnection;

/**
 * Run in a child JVM by {@link CommitGroupEnvironmentTest}, whose environment names the backend and
 * may set {@code MVSQLITE_EXPERIMENTAL_COMMIT_GROUP}: creates {@code main.accounts} and {@code
 * orders.invoices}, runs the example <b>exactly as written</b> (one script, through {@code
 * sqlite3_exec}) in two parts, and prints what a second connection counts before and after {@code
 * mv_commit_group_commit}. Prints {@code FAILED: …} on an SQL error.
 */
public final class CommitGroupProbe {

  /** The example up to the group's commit. */
  static final String EXAMPLE_STAGING =
      """
      ATTACH 'orders' AS orders;
      SELECT mv_commit_group_begin();
      BEGIN; INSERT INTO main.accounts(id, balance) VALUES (1, 100); COMMIT;
      BEGIN; INSERT INTO orders.invoices(id, account_id) VALUES (1, 1); COMMIT;
      """;

  /** The example's last line. */
  static final String EXAMPLE_COMMIT = "SELECT mv_commit_group_commit('main');\n";

  private CommitGroupProbe() {}

  public static void main(String[] args) {
    MvSqlite.install();
    String url = "jdbc:sqlite:file:main?vfs=mvsqlite";
    try (Connection setup = DriverManager.getConnection(url);
        Connection c = DriverManager.getConnection(url);
        Connection observer = DriverManager.getConnection(url)) {
      script(
          setup,
          """
          CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance INTEGER);
          ATTACH 'orders' AS orders;
          CREATE TABLE orders.invoices(id INTEGER PRIMARY KEY, account_id INTEGER);
          """);
      script(observer, "ATTACH 'orders' AS orders;");
      script(c, EXAMPLE_STAGING);
      System.out.println("before " + counts(observer));
      script(c, EXAMPLE_COMMIT);
      System.out.println("after " + counts(observer));
    } catch (SQLException e) {
      System.out.println("FAILED: " + e.getMessage());
    }
  }

  /** Runs {@code sql}, every statement of it, as SQLite's shell would ({@code sqlite3_exec}). */
  private static void script(Connection c, String sql) throws SQLException {
    c.unwrap(SQLiteConnection.class).getDatabase()._exec(sql);
  }

  private static String counts(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM main.accounts), (SELECT count(*) FROM orders.invoices)")) {
      r.next();
      return "accounts=" + r.getLong(1) + " invoices=" + r.getLong(2);
    }
  }
}
