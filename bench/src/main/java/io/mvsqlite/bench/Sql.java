package io.mvsqlite.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteException;

/** Small JDBC helpers of the SQL benchmarks. */
final class Sql {

  /**
   * SQLite's primary result code for a busy database (a lock held elsewhere, or an mvSQLite commit
   * conflict).
   */
  static final int SQLITE_BUSY = 5;

  private Sql() {}

  static void exec(Connection c, String... statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  static long queryLong(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      if (!r.next()) {
        throw new SQLException("no row from " + sql);
      }
      return r.getLong(1);
    }
  }

  static String queryString(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      if (!r.next()) {
        throw new SQLException("no row from " + sql);
      }
      return r.getString(1);
    }
  }

  /** The values of the first row of {@code sql}, as longs. */
  static long[] queryLongs(Connection c, String sql, int columns) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      if (!r.next()) {
        throw new SQLException("no row from " + sql);
      }
      long[] out = new long[columns];
      for (int i = 0; i < columns; i++) {
        out[i] = r.getLong(i + 1);
      }
      return out;
    }
  }

  /** True if {@code e} is SQLite's {@code SQLITE_BUSY} (any extended code). */
  static boolean isBusy(SQLException e) {
    int code = e instanceof SQLiteException s ? s.getResultCode().code : e.getErrorCode();
    return (code & 0xff) == SQLITE_BUSY;
  }

  /**
   * Inserts rows {@code first .. first+count-1} into {@code table(id, v)} with values {@code
   * (stream, id)} of {@code contents}, {@code perTransaction} rows per transaction.
   */
  static void insertRows(
      Connection c,
      String table,
      long first,
      long count,
      int perTransaction,
      PageContents contents,
      int stream)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement("INSERT INTO " + table + "(id, v) VALUES (?, ?)")) {
      for (long done = 0; done < count; ) {
        long n = Math.min(perTransaction, count - done);
        exec(c, "BEGIN");
        boolean ok = false;
        try {
          for (long i = 0; i < n; i++) {
            long id = first + done + i;
            insert.setLong(1, id);
            insert.setBytes(2, contents.make(stream, id));
            insert.executeUpdate();
          }
          exec(c, "COMMIT");
          ok = true;
        } finally {
          if (!ok) {
            exec(c, "ROLLBACK");
          }
        }
        done += n;
      }
    }
  }

  /** A failed statement inside a timed loop, where checked exceptions cannot pass. */
  static IllegalStateException unchecked(String what, SQLException e) {
    return new IllegalStateException(what + " failed: " + e.getMessage(), e);
  }
}
