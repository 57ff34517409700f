package io.mvsqlite.cli.transfer;

import io.mvsqlite.cli.CliException;
import io.mvsqlite.cli.NamespaceName;
import io.mvsqlite.cli.SqlConnections;
import io.mvsqlite.client.ClientConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/** {@code PRAGMA integrity_check}, through mvSQLite or through plain SQLite on a file. */
final class IntegrityCheck {

  /** How many problems are shown in a failure message. */
  private static final int SHOWN = 5;

  private IntegrityCheck() {}

  /** The check's rows for a namespace (pinned names are read at their version). */
  static List<String> throughMvSqlite(NamespaceName name, ClientConfig.Backend backend) {
    try (Connection c = SqlConnections.open(name, backend)) {
      return run(c);
    } catch (SQLException e) {
      String vfs = SqlConnections.lastVfsError().map(v -> " (" + v.message() + ")").orElse("");
      throw CliException.failure("cannot verify " + name.text() + ": " + e.getMessage() + vfs, e);
    }
  }

  /** The check's rows for a database file, opened read-only with SQLite's own file system. */
  static List<String> onFile(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties())) {
      return run(c);
    } catch (SQLException e) {
      throw CliException.failure("cannot verify " + file + ": " + e.getMessage(), e);
    }
  }

  /** Fails unless the check said "ok". */
  static void throwUnlessOk(List<String> rows, String what) {
    if (rows.equals(List.of("ok"))) {
      return;
    }
    List<String> shown = rows.subList(0, Math.min(SHOWN, rows.size()));
    throw CliException.failure(
        "PRAGMA integrity_check failed for "
            + what
            + ": "
            + String.join("; ", shown)
            + (rows.size() > SHOWN ? "; ... (" + rows.size() + " problems)" : ""));
  }

  private static List<String> run(Connection c) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
