package io.mvsqlite.client.jdbc;

import io.mvsqlite.client.MvSqlite;
import io.mvsqlite.client.sqlite.DbHandle;
import io.mvsqlite.client.sqlite.JdbcHandles;
import io.mvsqlite.client.sqlite.VfsRegistration;
import io.mvsqlite.client.sqlite.VfsRegistration.VfsError;
import io.mvsqlite.client.vfs.MvVfs;
import io.mvsqlite.protocol.MvException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.logging.Logger;
import org.sqlite.JDBC;

/**
 * The mvSQLite JDBC driver: {@code jdbc:mvsqlite:NAMESPACE[@VERSION][?dataPlane=URL | store=DIR |
 * cluster=FILE][&OPTION=VALUE…]} (docs/jdbc.md has the grammar and every option). Found by {@link
 * DriverManager} through {@code META-INF/services/java.sql.Driver}.
 *
 * <p>A connection is a sqlite-jdbc connection opened on {@code
 * jdbc:sqlite:file:NAMESPACE?vfs=mvsqlite&…} after {@link MvSqlite#install(ClassLoader)}
 * (idempotent) into the sqlite-jdbc this class is linked with, wrapped in thin proxies that
 *
 * <ul>
 *   <li>retry an autocommit statement whose commit conflicts (SQLITE_BUSY from mvSQLite's commit):
 *       bounded attempts, exponential backoff with jitter ({@link
 *       io.mvsqlite.client.AutocommitRetry}); the statement must be able to run again, which the
 *       driver checks (one statement, no rows handed out yet);
 *   <li>report a conflict inside an explicit transaction as an {@link
 *       java.sql.SQLTransactionRollbackException} with SQLSTATE 40001 and error code 5
 *       (SQLITE_BUSY): roll back and run the transaction again;
 *   <li>give every failure the SQLSTATE of mvSQLite's {@code ErrorCode} and mvSQLite's own message,
 *       where SQLite only says "disk I/O error" ({@link SqlExceptions}).
 * </ul>
 *
 * {@code DatabaseMetaData}, result sets and everything else pass through. Without {@code
 * dataPlane}, {@code store} or {@code cluster} the process configuration applies ({@code
 * MVSQLITE_DATA_PLANE}, …); without any, connecting fails with SQLSTATE 08001 saying what to set.
 *
 * <p>Thread-safe. Requires {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class MvSqliteDriver implements Driver {

  static {
    try {
      DriverManager.registerDriver(new MvSqliteDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Creating one is cheap; {@link DriverManager} creates one through the service loader. */
  public MvSqliteDriver() {}

  @Override
  public boolean acceptsURL(String url) {
    return JdbcUrl.accepts(url);
  }

  /**
   * Opens a connection, or returns {@code null} for a URL of another driver.
   *
   * @throws SQLException SQLSTATE 08001 for a bad URL or option, or when no backend is configured;
   *     otherwise the translated failure of the open (e.g. 3D000 for a missing namespace, 08006 for
   *     an unreachable server)
   */
  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    JdbcUrl parsed = JdbcUrl.parse(url);
    MvSqlite.Installation installation = install();
    OpenRequest request = OpenRequest.of(parsed, info, installation.config());
    VfsRegistration registration =
        installation
            .binding()
            .vfs()
            .registration(MvVfs.NAME)
            .orElseThrow(() -> new IllegalStateException("mvSQLite's VFS is not registered"));
    VfsError before = registration.lastError().orElse(null);
    Connection raw;
    try {
      raw = JDBC.createConnection(request.sqliteUrl(), request.sqliteProperties());
    } catch (SQLException e) {
      VfsError now = registration.lastError().orElse(null);
      throw SqlExceptions.translate(e, now != before ? now : null, null);
    }
    if (raw == null) {
      throw SqlExceptions.configuration("sqlite-jdbc refused the URL " + request.sqliteUrl());
    }
    try {
      DbHandle db = JdbcHandles.dbHandle(raw);
      return new Session(raw, db, registration, request.retry()).connection();
    } catch (RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  private static MvSqlite.Installation install() throws SQLException {
    try {
      return MvSqlite.install(MvSqliteDriver.class.getClassLoader());
    } catch (MvException e) {
      throw SqlExceptions.of(e);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw SqlExceptions.configuration(
          "cannot install mvSQLite into sqlite-jdbc: " + e.getMessage());
    }
  }

  /**
   * The options: mvSQLite's client settings and the driver's retry option (sqlite-jdbc's own pass
   * through).
   */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    List<DriverPropertyInfo> out = new ArrayList<>();
    for (String key : new TreeSet<>(OpenRequest.clientKeys())) {
      DriverPropertyInfo p =
          new DriverPropertyInfo(key, info == null ? null : info.getProperty(key));
      p.description = "mvSQLite client setting (docs/client.md, section 7)";
      out.add(p);
    }
    DriverPropertyInfo retries =
        new DriverPropertyInfo(
            RetryOption.KEY, info == null ? null : info.getProperty(RetryOption.KEY));
    retries.description =
        "how many times an autocommit statement is run again after a commit conflict (docs/jdbc.md)";
    out.add(retries);
    return out.toArray(DriverPropertyInfo[]::new);
  }

  @Override
  public int getMajorVersion() {
    return 0;
  }

  @Override
  public int getMinorVersion() {
    return 1;
  }

  /** Not JDBC compliant: SQLite is not SQL-92 entry level (as sqlite-jdbc says of itself). */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("mvSQLite logs through SLF4J, not java.util.logging");
  }
}
