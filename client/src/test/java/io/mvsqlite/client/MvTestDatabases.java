package io.mvsqlite.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.sqlite.FileHandles;
import io.mvsqlite.client.sqlite.JdbcHandles;
import io.mvsqlite.client.vfs.MvFile;
import io.mvsqlite.client.vfs.VirtualFile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.sqlite.SQLiteException;

/**
 * Helpers of the client tests: installing mvSQLite, opening connections, running SQL, reading
 * results.
 */
public final class MvTestDatabases {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private MvTestDatabases() {}

  /** mvSQLite installed into the test class path's sqlite-jdbc (once per JVM). */
  public static MvSqlite.Installation installed() {
    return MvSqlite.install(MvTestDatabases.class.getClassLoader());
  }

  /** A namespace name unique in this JVM run. */
  public static String uniqueNamespace(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
  }

  /** Opens {@code jdbc:sqlite:file:NAME?vfs=mvsqlite&PARAMS}. */
  public static Connection open(String name, String params) throws SQLException {
    installed();
    return DriverManager.getConnection(
        "jdbc:sqlite:file:" + name + "?vfs=mvsqlite" + (params.isEmpty() ? "" : "&") + params);
  }

  public static void exec(Connection c, String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  public static long queryLong(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      assertThat(r.next()).as("a row from %s", sql).isTrue();
      return r.getLong(1);
    }
  }

  public static String queryString(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      assertThat(r.next()).as("a row from %s", sql).isTrue();
      return r.getString(1);
    }
  }

  public static byte[] queryBytes(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      assertThat(r.next()).as("a row from %s", sql).isTrue();
      return r.getBytes(1);
    }
  }

  public static List<String> queryColumn(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  public static void assertIntact(Connection c) throws SQLException {
    assertThat(queryColumn(c, "PRAGMA integrity_check")).containsExactly("ok");
  }

  /** The extended SQLite result code of a failed statement. */
  public static int resultCode(SQLException e) {
    return e instanceof SQLiteException s ? s.getResultCode().code : e.getErrorCode();
  }

  /** The mvSQLite file behind {@code schema} of {@code c}. */
  public static MvFile mvFile(Connection c, String schema) {
    VirtualFile f = FileHandles.fileFor(JdbcHandles.dbHandle(c), schema).orElseThrow();
    assertThat(f).isInstanceOf(MvFile.class);
    return (MvFile) f;
  }

  /** The message mvSQLite gave SQLite for the last failure on this thread. */
  public static String lastError() {
    return installed().lastError().map(e -> e.message()).orElse("");
  }
}
