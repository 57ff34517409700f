package io.mvsqlite.client.http;

import static io.mvsqlite.client.MvTestDatabases.*;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_BUSY;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_READONLY;
import static io.mvsqlite.protocol.SqliteCodes.primary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mvsqlite.client.MvTestDatabases;
import io.mvsqlite.client.transport.HttpPageStore;
import io.mvsqlite.client.txn.CommitResult;
import io.mvsqlite.protocol.Time2VersionResult;
import io.mvsqlite.protocol.Version;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mvSQLite over HTTP against a real mvstore (Jetty, embedded store) on a free port. */
class HttpModeTest {

  @TempDir Path dir;
  private TestMvstore mvstore;

  @BeforeEach
  void startServer() {
    mvstore = TestMvstore.start(dir, c -> c.withWireZstd(true));
  }

  @AfterEach
  void stopServer() {
    mvstore.close();
  }

  private Connection open(String name, String extra) throws SQLException {
    return MvTestDatabases.open(
        name, "dataPlane=" + mvstore.url() + (extra.isEmpty() ? "" : "&" + extra));
  }

  @Test
  void createInsertSelectAndReopenOverHttpWithCompressedPages() throws Exception {
    String ns = uniqueNamespace("http");
    try (Connection c = open(ns, "")) {
      exec(
          c,
          "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)",
          "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
              + " SELECT i, printf('value %d', i) FROM n");
    }
    try (Connection c = open(ns, "pageCacheSize=0")) {
      assertThat(queryLong(c, "SELECT count(*) FROM t")).isEqualTo(2000);
      assertThat(queryString(c, "SELECT v FROM t WHERE id = 1234")).isEqualTo("value 1234");
      assertIntact(c);
    }
  }

  @Test
  void theNameCanCarryTheServerItself() throws Exception {
    String ns = uniqueNamespace("origin");
    try (Connection c = MvTestDatabases.open(mvstore.url() + "/" + ns, "")) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('via name')");
    }
    try (Connection c = open(ns, "")) {
      assertThat(queryString(c, "SELECT x FROM t")).isEqualTo("via name");
    }
  }

  @Test
  void aConflictedCommitStaysBusyUntilRollbackOverHttp() throws Exception {
    String ns = uniqueNamespace("httpconflict");
    try (Connection a = open(ns, "");
        Connection b = open(ns, "")) {
      exec(
          a,
          "CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)",
          "INSERT INTO t VALUES (1, 10), (2, 20)");
      exec(a, "BEGIN", "UPDATE t SET v = v + 1 WHERE id = 1");
      exec(b, "UPDATE t SET v = v + 100 WHERE id = 1");
      SQLException first = catchThrowableOfType(SQLException.class, () -> exec(a, "COMMIT"));
      SQLException second = catchThrowableOfType(SQLException.class, () -> exec(a, "COMMIT"));
      assertThat(primary(resultCode(first))).isEqualTo(SQLITE_BUSY);
      assertThat(primary(resultCode(second))).isEqualTo(SQLITE_BUSY);
      exec(a, "ROLLBACK", "BEGIN", "UPDATE t SET v = v + 1 WHERE id = 1", "COMMIT");
      assertThat(queryLong(b, "SELECT v FROM t WHERE id = 1")).isEqualTo(111);
      assertIntact(b);
    }
  }

  @Test
  void uploadsUnderALeaseAreReadBackAndCommitted() throws Exception {
    String ns = uniqueNamespace("httpupload");
    try (Connection c = open(ns, "pageSize=4096")) {
      exec(
          c,
          "PRAGMA cache_size = 20",
          "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)",
          "BEGIN",
          "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
              + " SELECT i, randomblob(2000) FROM n",
          // Rereads the pages uploaded above (by hash, as they are no longer in memory), and
          // rewrites them.
          "UPDATE t SET v = zeroblob(1500) WHERE id % 2 = 0",
          "COMMIT");
      CommitResult.Committed commit = mvFile(c, "main").connection().lastCommit();
      assertThat(commit.uploadedPages()).isGreaterThan(1000);
      assertThat(commit.leased()).isTrue();
    }
    try (Connection c = open(ns, "")) {
      assertThat(queryLong(c, "SELECT count(*) FROM t WHERE length(v) = 1500")).isEqualTo(1500);
      assertThat(queryLong(c, "SELECT count(*) FROM t WHERE length(v) = 2000")).isEqualTo(1500);
      assertIntact(c);
    }
  }

  @Test
  void anIso8601PinShowsTheDatabaseAsItWasThen() throws Exception {
    String ns = uniqueNamespace("isopin");
    HttpPageStore store =
        new HttpPageStore(List.of(URI.create(mvstore.url())), Duration.ofSeconds(10), false);
    try (Connection c = open(ns, "")) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('then')");
      Version then = mvFile(c, "main").connection().lastKnownVersion();
      // Wait for a time point recorded after the first commit, then for the next second to begin.
      long[] pointSecond = new long[1];
      await(
          () -> {
            Time2VersionResult r = store.time2version(Instant.now().getEpochSecond() + 1);
            if (r.after() != null && !r.after().version().isBefore(then)) {
              pointSecond[0] = r.after().time();
              return true;
            }
            return false;
          });
      Instant pin = Instant.ofEpochSecond(pointSecond[0] + 1);
      await(() -> Instant.now().isAfter(pin));
      exec(c, "UPDATE t SET x = 'now'");

      try (Connection old = MvTestDatabases.open(ns + "@" + pin, "dataPlane=" + mvstore.url())) {
        assertThat(queryString(old, "SELECT x FROM t")).isEqualTo("then");
        SQLException e = catchThrowableOfType(SQLException.class, () -> exec(old, "DELETE FROM t"));
        assertThat(primary(resultCode(e))).isEqualTo(SQLITE_READONLY);
      }
      assertThat(queryString(c, "SELECT x FROM t")).isEqualTo("now");
    }
  }

  @Test
  void aReadOnlyReplicaServesReadsAndRefusesWritesWithReadonly() throws Exception {
    String ns = uniqueNamespace("replica");
    try (Connection c = open(ns, "")) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('primary')");
    }
    mvstore.close();
    mvstore = TestMvstore.start(dir, c -> c.withAutoCreateNamespace(false).withReadOnly(true));
    try (Connection c = open(ns, "")) {
      assertThat(queryString(c, "SELECT x FROM t")).isEqualTo("primary");
      SQLException e =
          catchThrowableOfType(
              SQLException.class, () -> exec(c, "INSERT INTO t VALUES ('replica')"));
      assertThat(primary(resultCode(e))).isEqualTo(SQLITE_READONLY);
      assertThat(lastError()).contains("read-only replica");
      assertThat(queryLong(c, "SELECT count(*) FROM t")).isEqualTo(1);
    }
  }

  /** Waits (at most 20 s) for a condition that depends on the wall clock. */
  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for the timekeeper").isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
