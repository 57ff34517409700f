package io.mvsqlite.client.functions;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.jdbc.MvSqliteConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * mvSQLite's SQL functions through the JDBC driver in direct mode: what they return, namespace
 * locks with their per-connection owner, and every misuse as an SQL error with a clear message; the
 * connection stays usable and the JVM alive.
 */
class MvFunctionsTest {

  @TempDir Path dir;

  private Connection connect(String database, String options) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mvsqlite:"
            + database
            + "?store="
            + dir.resolve("store")
            + "&autoCreate=1"
            + (options.isEmpty() ? "" : "&" + options));
  }

  private Connection connect(String database) throws SQLException {
    return connect(database, "");
  }

  private static SQLException failure(Connection c, String sql) {
    return catchThrowableOfType(SQLException.class, () -> queryColumn(c, sql));
  }

  @Test
  void everyFunctionIsInstalledWithItsArities() {
    assertThat(MvFunctions.names(ClientConfig.defaults()))
        .containsExactlyInAnyOrder(
            "mv_last_known_version",
            "mv_time2version",
            "mv_pin_version",
            "mv_unpin_version",
            "mv_prefetch_metrics",
            "mv_read_ahead_metrics",
            "mv_nslock_acquire",
            "mv_nslock_acquire",
            "mv_nslock_release_commit",
            "mv_nslock_release_rollback");
  }

  @Test
  void lastKnownVersionAdvancesWithEachCommit() throws Exception {
    try (Connection c = connect(uniqueNamespace("lkv"))) {
      exec(c, "CREATE TABLE t(x)");
      String first = queryString(c, "SELECT mv_last_known_version('main')");
      exec(c, "INSERT INTO t VALUES (1)");
      String second = queryString(c, "SELECT mv_last_known_version('main')");
      assertThat(first).matches("[0-9a-f]{20}");
      assertThat(second).matches("[0-9a-f]{20}").isGreaterThan(first);
      assertThat(queryString(c, "SELECT mv_last_known_version('main')"))
          .as("reads do not move it")
          .isEqualTo(second);
    }
  }

  @Test
  void prefetchMetricsAreJsonCountingThisConnectionsReads() throws Exception {
    try (Connection c = connect(uniqueNamespace("metrics"))) {
      exec(
          c,
          "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)",
          "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
              + " SELECT i, printf('%.200c', 'x') FROM n");
      long before = field(queryString(c, "SELECT mv_prefetch_metrics('main')"), "page_reads");
      queryLong(c, "SELECT count(*) FROM t WHERE v <> ''");
      String json = queryString(c, "SELECT mv_prefetch_metrics('main')");
      assertThat(json)
          .startsWith("{")
          .endsWith("}")
          .contains("\"predictions_made\":", "\"hit_rate\":");
      assertThat(field(json, "page_reads")).as("a scan of ~60 pages").isGreaterThan(before + 50);
    }
  }

  private static long field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
    assertThat(m.find()).as("%s in %s", name, json).isTrue();
    return Long.parseLong(m.group(1));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SELECT mv_last_known_version('nope')|mv_last_known_version: no database named 'nope'",
        "SELECT mv_last_known_version('temp')|mv_last_known_version: 'temp' is SQLite's temporary database",
        "SELECT mv_pin_version('mem', '00000000000000000001')|mv_pin_version: 'mem' is not an mvSQLite database",
        "SELECT mv_last_known_version(NULL)|mv_last_known_version: argument 1 (schema) is required, got NULL",
        "SELECT mv_last_known_version(1)|mv_last_known_version: argument 1 (schema) must be text, got an integer",
        "SELECT mv_pin_version('main', NULL)|mv_pin_version: argument 2 (version) is required, got NULL",
        "SELECT mv_pin_version('main', 12)|mv_pin_version: argument 2 (version) must be text, got an integer",
        "SELECT mv_pin_version('main', 'yesterday')|mv_pin_version: BAD_VERSION: invalid version pin 'yesterday'",
        "SELECT mv_pin_version('main', '1999-01-01T00:00:00Z')|mv_pin_version: BAD_VERSION: no version is recorded"
            + " before 1999-01-01T00:00:00Z",
        "SELECT mv_time2version('main', -5)|mv_time2version: argument 2 (time) must be unix seconds",
        "SELECT mv_time2version('main', x'00')|mv_time2version: argument 2 (time) must be unix seconds or an"
            + " ISO-8601 instant, got a blob",
        "SELECT mv_time2version('main', 'soon')|mv_time2version: BAD_VERSION: invalid version pin 'soon'",
        "SELECT mv_nslock_acquire('main', NULL)|mv_nslock_acquire: argument 2 (owner) is required, got NULL",
        "SELECT mv_nslock_acquire('main', '')|mv_nslock_acquire: INVALID_OWNER",
        "SELECT mv_nslock_acquire('main', 'x', 7)|mv_nslock_acquire: argument 3 (version) must be text",
        "SELECT mv_nslock_release_commit('main', 'nobody')|mv_nslock_release_commit: LOCK_NOT_HELD",
        "SELECT mv_nslock_release_rollback('temp', 'x')|mv_nslock_release_rollback: 'temp' is SQLite's temporary",
      })
  void misuseIsAnSqlErrorThatSaysWhatIsWrong(String sql, String message) throws Exception {
    try (Connection c = connect(uniqueNamespace("misuse"))) {
      exec(
          c,
          "CREATE TABLE t(x)",
          "INSERT INTO t VALUES (1)",
          "ATTACH ':memory:' AS mem",
          "CREATE TEMP TABLE scratch(y)");
      SQLException e = failure(c, sql);
      assertThat((Throwable) e).as(sql).isNotNull();
      assertThat(e.getMessage()).contains(message);
      assertThat(queryLong(c, "SELECT x FROM t")).as("the connection still works").isEqualTo(1);
      assertThat(queryString(c, "SELECT mv_last_known_version('main')")).matches("[0-9a-f]{20}");
    }
  }

  @Test
  void pinningInsideATransactionIsRefused() throws Exception {
    try (Connection c = connect(uniqueNamespace("pintx"))) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
      String v = queryString(c, "SELECT mv_last_known_version('main')");
      c.setAutoCommit(false);
      queryLong(c, "SELECT count(*) FROM t");
      SQLException e = failure(c, "SELECT mv_pin_version('main', '" + v + "')");
      assertThat(e.getMessage())
          .contains("mv_pin_version: cannot pin a version while a transaction is active");
      assertThat(failure(c, "SELECT mv_unpin_version('main')").getMessage())
          .contains("cannot unpin while");
      assertThat(failure(c, "SELECT mv_nslock_acquire('main', 'me')").getMessage())
          .contains("cannot acquire a namespace lock while a transaction is active");
      c.commit();
      c.setAutoCommit(true);
      queryColumn(c, "SELECT mv_pin_version('main', '" + v + "')");
      assertThat(queryLong(c, "SELECT count(*) FROM t")).isEqualTo(1);
    }
  }

  @Test
  void aDatabaseOpenedPinnedCannotBeUnpinned() throws Exception {
    String ns = uniqueNamespace("openpinned");
    String v;
    try (Connection c = connect(ns)) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('old')");
      v = queryString(c, "SELECT mv_last_known_version('main')");
      exec(c, "UPDATE t SET x = 'new'");
    }
    try (Connection old = connect(ns + "@" + v)) {
      assertThat(failure(old, "SELECT mv_unpin_version('main')").getMessage())
          .contains("opened pinned", "read-only view of the past");
      assertThat(queryString(old, "SELECT x FROM t")).isEqualTo("old");
    }
  }

  @Test
  void theFunctionsCannotBeCalledFromViewsOrTriggers() throws Exception {
    try (Connection c = connect(uniqueNamespace("directonly"))) {
      exec(
          c,
          "CREATE TABLE t(x)",
          "CREATE TABLE log(v)",
          "CREATE VIEW versions AS SELECT mv_last_known_version('main') AS v",
          "CREATE TRIGGER pin_on_insert AFTER INSERT ON t BEGIN"
              + " INSERT INTO log VALUES (mv_last_known_version('main')); END");
      assertThat(failure(c, "SELECT v FROM versions").getMessage())
          .contains("unsafe use of mv_last_known_version");
      SQLException e =
          catchThrowableOfType(SQLException.class, () -> exec(c, "INSERT INTO t VALUES (1)"));
      assertThat(e.getMessage()).contains("unsafe use of mv_last_known_version");
      assertThat(queryLong(c, "SELECT count(*) FROM t")).isZero();
    }
  }

  @Test
  void onAPlainSqliteDatabaseTheFunctionsSaySoInsteadOfAborting() throws Exception {
    try (Connection c = connect(uniqueNamespace("installed"))) {
      queryLong(c, "SELECT 1");
    }
    try (Connection plain = DriverManager.getConnection("jdbc:sqlite::memory:")) {
      assertThat(failure(plain, "SELECT mv_last_known_version('main')").getMessage())
          .contains("'main' is not an mvSQLite database");
    }
  }

  @Test
  void aNamespaceLockFreezesOtherReadersAndRefusesOtherWritersUntilReleasedWithCommit()
      throws Exception {
    String ns = uniqueNamespace("nslock");
    try (Connection owner = connect(ns);
        Connection other = connect(ns, "autocommitRetries=2")) {
      exec(owner, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('before')");
      queryColumn(owner, "SELECT mv_nslock_acquire('main', 'migration')");
      assertThat(owner.unwrap(MvSqliteConnection.class)).isNotNull();
      exec(owner, "INSERT INTO t VALUES ('under the lock')");
      assertThat(queryLong(owner, "SELECT count(*) FROM t")).isEqualTo(2);

      assertThat(queryColumn(other, "SELECT x FROM t"))
          .as("others read the frozen snapshot")
          .containsExactly("before");
      SQLException refused =
          catchThrowableOfType(
              SQLException.class, () -> exec(other, "INSERT INTO t VALUES ('intruder')"));
      assertThat(refused.getSQLState()).isEqualTo("40001");
      assertThat(refused.getMessage()).contains("locked by another owner", "3 times");
      SQLException held = failure(other, "SELECT mv_nslock_acquire('main', 'someone else')");
      assertThat(held.getMessage()).contains("is locked by another owner: migration");

      queryColumn(owner, "SELECT mv_nslock_acquire('main', 'migration')");
      queryColumn(owner, "SELECT mv_nslock_release_commit('main', 'migration')");
      assertThat(queryColumn(other, "SELECT x FROM t ORDER BY rowid"))
          .containsExactly("before", "under the lock");
      exec(other, "INSERT INTO t VALUES ('after')");
      exec(owner, "INSERT INTO t VALUES ('owner again')");
      assertThat(queryLong(owner, "SELECT count(*) FROM t")).isEqualTo(4);
      assertIntact(owner);
    }
  }

  @Test
  void releasingWithRollbackUndoesEverythingWrittenUnderTheLock() throws Exception {
    String ns = uniqueNamespace("nsrollback");
    try (Connection owner = connect(ns);
        Connection other = connect(ns)) {
      exec(owner, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('kept')");
      queryColumn(owner, "SELECT mv_nslock_acquire('main', 'experiment')");
      exec(
          owner,
          "INSERT INTO t VALUES ('undone 1')",
          "CREATE TABLE u(y)",
          "INSERT INTO t VALUES ('undone 2')");
      assertThat(queryLong(owner, "SELECT count(*) FROM t")).isEqualTo(3);
      queryColumn(owner, "SELECT mv_nslock_release_rollback('main', 'experiment')");
      assertThat(queryColumn(owner, "SELECT x FROM t")).containsExactly("kept");
      assertThat(queryColumn(other, "SELECT name FROM sqlite_schema")).containsExactly("t");
      exec(other, "INSERT INTO t VALUES ('after')");
      assertThat(queryColumn(owner, "SELECT x FROM t ORDER BY rowid"))
          .containsExactly("kept", "after");
      assertIntact(owner);
    }
  }

  @Test
  void aLockAtAnOlderVersionRollsTheNamespaceBackToIt() throws Exception {
    String ns = uniqueNamespace("nsolder");
    try (Connection c = connect(ns)) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('v1')");
      String v1 = queryString(c, "SELECT mv_last_known_version('main')");
      exec(c, "INSERT INTO t VALUES ('v2')");
      queryColumn(c, "SELECT mv_nslock_acquire('main', 'restore', '" + v1 + "')");
      queryColumn(c, "SELECT mv_nslock_release_rollback('main', 'restore')");
      assertThat(queryColumn(c, "SELECT x FROM t")).containsExactly("v1");
      assertIntact(c);
    }
  }
}
