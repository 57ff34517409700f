package io.mvsqlite.cli;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.MvSqlite;
import io.mvsqlite.client.sqlite.FileHandles;
import io.mvsqlite.client.sqlite.JdbcHandles;
import io.mvsqlite.client.sqlite.VfsRegistration;
import io.mvsqlite.client.txn.MvConnection;
import io.mvsqlite.client.vfs.MvFile;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * JDBC connections to mvSQLite namespaces, the way an application opens them: through the mvSQLite
 * JDBC driver ({@code jdbc:mvsqlite:NS?store=...}, which also retries autocommit conflicts) when it
 * is on the class path, else through sqlite-jdbc with the VFS installed ({@code
 * jdbc:sqlite:file:NS?vfs=mvsqlite&store=...}). The backend is always given in the URL, so it wins
 * over the process's own settings.
 */
public final class SqlConnections {

  /** The mvSQLite JDBC driver, used when present. */
  static final String DRIVER_CLASS = "io.mvsqlite.client.jdbc.MvSqliteDriver";

  private SqlConnections() {}

  /** Opens {@code name} (pinned names open read-only) on {@code backend}. */
  public static Connection open(NamespaceName name, ClientConfig.Backend backend)
      throws SQLException {
    if (!driverAvailable()) {
      MvSqlite.install();
    }
    return DriverManager.getConnection(url(name, backend));
  }

  /** The JDBC URL {@link #open} uses. */
  public static String url(NamespaceName name, ClientConfig.Backend backend) {
    String param =
        switch (backend) {
          case ClientConfig.DataPlane d ->
              "dataPlane="
                  + encode(String.join(",", d.urls().stream().map(Object::toString).toList()));
          case ClientConfig.EmbeddedStore e ->
              "store=" + encode(e.directory().toAbsolutePath().toString());
          case ClientConfig.FdbCluster f ->
              "cluster=" + encode(f.clusterFile().toAbsolutePath().toString());
          case ClientConfig.Unconfigured u -> throw new IllegalArgumentException("no backend");
        };
    String path = encodePath(name.text());
    return driverAvailable()
        ? "jdbc:mvsqlite:" + path + "?" + param
        : "jdbc:sqlite:file:" + path + "?vfs=mvsqlite&" + param;
  }

  /** True if the mvSQLite JDBC driver is on the class path. */
  public static boolean driverAvailable() {
    try {
      Class.forName(DRIVER_CLASS, true, SqlConnections.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * The last failure the mvSQLite VFS reported to SQLite on this thread (SQLite's own text is
   * generic).
   */
  public static Optional<VfsRegistration.VfsError> lastVfsError() {
    try {
      return MvSqlite.install().lastError();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The mvSQLite connection behind the main database of {@code c}, if it is one. */
  public static Optional<MvConnection> mvConnection(Connection c) {
    try {
      return FileHandles.fileFor(JdbcHandles.dbHandle(c), "main")
          .filter(MvFile.class::isInstance)
          .map(f -> ((MvFile) f).connection());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Percent-encodes what SQLite's URI parser would read as syntax in a file name: %, ? and #. */
  static String encodePath(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (char ch : name.toCharArray()) {
      switch (ch) {
        case '%' -> out.append("%25");
        case '?' -> out.append("%3F");
        case '#' -> out.append("%23");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }

  /** Percent-encodes a URI parameter value (UTF-8), keeping what is safe and readable. */
  static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char ch = (char) (b & 0xff);
      if ((ch >= 'a' && ch <= 'z')
          || (ch >= 'A' && ch <= 'Z')
          || (ch >= '0' && ch <= '9')
          || "-._~/:,".indexOf(ch) >= 0) {
        out.append(ch);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
