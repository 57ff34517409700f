package io.mvsqlite.client.jdbc;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.sqlite.FileHandles;
import io.mvsqlite.client.sqlite.JdbcHandles;
import io.mvsqlite.client.vfs.MvFile;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sqlite.SQLiteConnection;

/**
 * The driver itself: its registration, URLs, options, errors before opening, and what its wrappers
 * pass through.
 */
class DriverTest extends JdbcTestBase {

  @TempDir Path dir;

  @Override
  String backendOptions() {
    return Backends.direct(dir);
  }

  @Override
  String backendName() {
    return "direct mode";
  }

  @Test
  void theServiceLoaderRegistersTheDriverForItsOwnUrlsOnly() throws Exception {
    Driver driver = DriverManager.getDriver("jdbc:mvsqlite:anything");
    assertThat(driver).isInstanceOf(MvSqliteDriver.class);
    assertThat(driver.acceptsURL("JDBC:MVSQLITE:x")).isTrue();
    assertThat(driver.acceptsURL("jdbc:sqlite:x.db")).isFalse();
    assertThat(driver.connect("jdbc:sqlite::memory:", new Properties())).isNull();
    assertThat(
            Arrays.stream(driver.getPropertyInfo("jdbc:mvsqlite:x", new Properties()))
                .map(p -> p.name))
        .contains(
            "autocommitRetries",
            "dataPlane",
            "store",
            "cluster",
            "pageSize",
            "lockOwner",
            "autoCreate");
    for (DriverPropertyInfo p : driver.getPropertyInfo("jdbc:mvsqlite:x", null)) {
      assertThat(p.description).isNotBlank();
    }
  }

  @Test
  void withoutABackendTheDriverSaysWhatToSet() {
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () ->
                DriverManager.getConnection("jdbc:mvsqlite:" + uniqueNamespace("nowhere")).close());
    assertThat(e.getSQLState()).isEqualTo("08001");
    assertThat(e.getMessage()).contains("dataPlane=", "store=", "cluster=", "MVSQLITE_DATA_PLANE");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "pageSize=1000|pageSize",
        "prefetchDepth=lots|prefetchDepth",
        "retryDeadlineSecs=soon|retryDeadlineSecs",
        "timekeeperIntervalMillis=0|timekeeperIntervalMillis",
        "autocommitRetries=-1|autocommitRetries",
        "autoCreate=maybe|autoCreate",
        "dataPlane=ftp://example.org|dataPlane",
        "dataPlane=http://127.0.0.1:1|choose one backend",
        "vfs=unix|the driver chooses the VFS",
        "pageSize=%zz|bad percent escape",
        "pageSize=4096&pageSize=8192|given twice",
        "=1|has no name",
      })
  void invalidOptionsFailBeforeAnythingIsOpened(String options, String message) {
    String ns = uniqueNamespace("badoption");
    SQLException e = catchThrowableOfType(SQLException.class, () -> connect(ns, options).close());
    assertThat(e.getSQLState()).isEqualTo("08001");
    assertThat(e.getMessage()).contains(message);
  }

  @Test
  void aLockOwnerLongerThanTheLimitIsRefused() {
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () -> connect(uniqueNamespace("owner"), "lockOwner=" + "x".repeat(300)).close());
    assertThat(e.getSQLState()).isEqualTo("08001");
    assertThat(e.getMessage()).contains("lockOwner", "at most 256 bytes");
  }

  @ParameterizedTest
  @CsvSource({"yesterday", "0000", "2026-13-45T00:00:00Z"})
  void anInvalidPinFailsBeforeOpening(String pin) {
    SQLException e =
        catchThrowableOfType(
            SQLException.class, () -> connect(uniqueNamespace("pin") + "@" + pin).close());
    assertThat(e.getSQLState()).isEqualTo(ErrorCode.BAD_VERSION.sqlState());
    assertThat(e.getMessage()).contains("BAD_VERSION", pin);
  }

  @Test
  void aMissingNamespaceIsReportedWithItsOwnSqlState() {
    String ns = uniqueNamespace("missing");
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () ->
                DriverManager.getConnection(
                        "jdbc:mvsqlite:" + ns + "?store=" + dir.resolve("store"))
                    .close());
    assertThat(e.getSQLState()).isEqualTo(ErrorCode.NAMESPACE_NOT_FOUND.sqlState());
    assertThat(e.getMessage()).contains("NAMESPACE_NOT_FOUND", ns);
  }

  @Test
  void optionsComeFromTheUrlAndThePropertiesAndSqliteJdbcPropertiesPassThrough() throws Exception {
    String ns = uniqueNamespace("props");
    Properties properties = new Properties();
    properties.setProperty("store", dir.resolve("store").toString());
    properties.setProperty("autoCreate", "1");
    properties.setProperty("pageSize", "4096");
    properties.setProperty("foreign_keys", "true");
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:mvsqlite:" + ns + "?pageSize=16384&journal_mode=MEMORY", properties)) {
      assertThat(queryLong(c, "PRAGMA page_size")).as("the URL wins").isEqualTo(16384);
      assertThat(queryLong(c, "PRAGMA foreign_keys")).isEqualTo(1);
      assertThat(queryString(c, "PRAGMA journal_mode")).isEqualTo("memory");
      exec(
          c,
          "CREATE TABLE p(id INTEGER PRIMARY KEY)",
          "CREATE TABLE ch(p INTEGER REFERENCES p(id))");
      SQLException fk =
          catchThrowableOfType(SQLException.class, () -> exec(c, "INSERT INTO ch VALUES (7)"));
      assertThat(fk.getSQLState()).isEqualTo("23000");
      assertThat(fk.getMessage()).contains("FOREIGN KEY");
    }
  }

  @Test
  void aBackendInTheUrlReplacesTheOneInTheProperties() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("dataPlane", "http://127.0.0.1:1");
    properties.setProperty("retryDeadlineSecs", "0");
    try (Connection c =
        DriverManager.getConnection(url(uniqueNamespace("urlwins"), ""), properties)) {
      exec(c, "CREATE TABLE t(x)");
      assertThat(queryLong(c, "SELECT count(*) FROM t")).isZero();
    }
  }

  @Test
  void theWrappersUnwrapAndLeadBackToEachOther() throws Exception {
    String ns = uniqueNamespace("wrap");
    try (Connection c = connect(ns)) {
      exec(
          c,
          "CREATE TABLE things(id INTEGER PRIMARY KEY, name TEXT)",
          "INSERT INTO things VALUES (1, 'one')");
      assertThat(c.isWrapperFor(MvSqliteConnection.class)).isTrue();
      assertThat(c.unwrap(MvSqliteConnection.class)).isSameAs(c);
      assertThat(c.unwrap(SQLiteConnection.class)).isInstanceOf(SQLiteConnection.class);
      MvFile file = (MvFile) FileHandles.fileFor(JdbcHandles.dbHandle(c), "main").orElseThrow();
      assertThat(file.connection().namespace().key()).isEqualTo(ns);

      DatabaseMetaData meta = c.getMetaData();
      assertThat(meta.getConnection()).isSameAs(c);
      try (ResultSet tables = meta.getTables(null, null, "things", null)) {
        assertThat(tables.next()).isTrue();
        assertThat(tables.getString("TABLE_NAME")).isEqualTo("things");
      }
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT name FROM things")) {
        assertThat(s.getConnection()).isSameAs(c);
        assertThat(r.getStatement()).isSameAs(s);
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo("one");
      }
      assertThat(c).isEqualTo(c).isNotEqualTo(connectionTo(ns));
      assertThat(c.toString()).contains("mvSQLite");
    }
  }

  private Connection connectionTo(String ns) throws SQLException {
    try (Connection other = connect(ns)) {
      return other;
    }
  }

  @Test
  void aNamespaceNameIsPercentDecoded() throws Exception {
    try (Connection c = connect("orders%202026%2Fq1%25")) {
      exec(c, "CREATE TABLE t(x)");
      MvFile file = (MvFile) FileHandles.fileFor(JdbcHandles.dbHandle(c), "main").orElseThrow();
      assertThat(file.connection().namespace().key()).isEqualTo("orders 2026/q1%");
    }
    try (Connection c = connect("orders 2026%2Fq1%25")) {
      assertThat(queryColumn(c, "SELECT name FROM sqlite_schema")).containsExactly("t");
    }
  }

  @Test
  void theTimekeeperIntervalIsAClientSetting() {
    assertThat(ClientConfig.defaults().timekeeperInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(
            ClientConfig.defaults()
                .withUriParameters(Map.of("timekeeperIntervalMillis", "100"))
                .timekeeperInterval())
        .isEqualTo(Duration.ofMillis(100));
    MvException e =
        catchThrowableOfType(
            MvException.class,
            () ->
                ClientConfig.from(
                    p -> null,
                    env -> env.equals("MVSQLITE_TIMEKEEPER_INTERVAL_MILLIS") ? "-3" : null));
    assertThat(e.code()).isEqualTo(ErrorCode.CLIENT_CONFIG);
    assertThat(e.getMessage()).contains("MVSQLITE_TIMEKEEPER_INTERVAL_MILLIS");
  }
}
