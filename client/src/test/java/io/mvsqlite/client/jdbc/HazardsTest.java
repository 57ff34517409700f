package io.mvsqlite.client.jdbc;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.transport.DirectPageStore;
import io.mvsqlite.client.transport.DirectStores;
import io.mvsqlite.client.txn.CommitResult;
import io.mvsqlite.client.txn.HeaderFields;
import io.mvsqlite.client.txn.MvConnection;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.Version;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hazards of the reference client (reference client §12) through the driver, in direct mode:
 * each failure is an {@code SQLException} with an SQLSTATE and a message, never a process abort, a
 * hang or a silent loss of writes; and the JVM and the other connections carry on. (HttpHazardsTest
 * has those that need a server; AutocommitRetryTest the COMMIT-after-BUSY hazard; EnvironmentTest
 * invalid environment values.)
 */
class HazardsTest extends JdbcTestBase {

  @TempDir Path dir;

  @Override
  String backendOptions() {
    return Backends.direct(dir);
  }

  @Override
  String backendName() {
    return "direct mode";
  }

  private ClientConfig.EmbeddedStore store() {
    return new ClientConfig.EmbeddedStore(dir.resolve("store"));
  }

  /** The process and the store still work: a fresh namespace can be written and read. */
  private void assertAlive() throws SQLException {
    try (Connection c = connect(uniqueNamespace("alive"))) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES (42)");
      assertThat(queryLong(c, "SELECT x FROM t")).isEqualTo(42);
    }
  }

  @Test
  void readingAVersionBelowTheTruncationWatermarkIsAnErrorNotAnAbort() throws Exception {
    String ns = uniqueNamespace("truncated");
    String old;
    String newest;
    try (Connection c = connect(ns)) {
      exec(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO t VALUES (1, 'old')");
      old = queryString(c, "SELECT mv_last_known_version('main')");
      exec(c, "UPDATE t SET v = 'new' WHERE id = 1");
      exec(c, "UPDATE t SET v = 'newest' WHERE id = 1");
      newest = queryString(c, "SELECT mv_last_known_version('main')");
    }
    // Without a page cache, every read of the pinned connection asks the store.
    try (Connection pinned = connect(ns + "@" + old, "pageCacheSize=0")) {
      assertThat(queryString(pinned, "SELECT v FROM t")).isEqualTo("old");
      try (DirectPageStore handle = DirectStores.acquire(store())) {
        assertThat(handle.admin().truncate(ns, Version.parse(newest), true, progress -> {}))
            .isPositive();
      }
      // The store may answer reads at a version from a KV read version it proved good before the
      // truncation, for
      // up to 2 s (ReadVersionCache); after that the watermark applies.
      SQLException e = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (e == null && System.nanoTime() < deadline) {
        e = catchThrowableOfType(SQLException.class, () -> queryString(pinned, "SELECT v FROM t"));
        if (e == null) {
          LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
      }
      assertThat((Throwable) e).as("a read below the truncation watermark fails").isNotNull();
      assertThat(e.getSQLState()).isEqualTo(ErrorCode.VERSION_TRUNCATED.sqlState());
      assertThat(e.getMessage()).contains("VERSION_TRUNCATED");
    }
    try (Connection c = connect(ns)) {
      assertThat(queryString(c, "SELECT v FROM t")).isEqualTo("newest");
      assertIntact(c);
    }
    assertAlive();
  }

  @Test
  void claimingANamespaceLockThatIsNotHeldIsAnErrorNotAnAbort() throws Exception {
    String ns = uniqueNamespace("ghost");
    try (Connection c = connect(ns)) {
      exec(c, "CREATE TABLE t(x)");
    }
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () -> {
              try (Connection c = connect(ns, "lockOwner=ghost")) {
                queryLong(c, "SELECT count(*) FROM t");
              }
            });
    assertThat(e.getSQLState()).isEqualTo(ErrorCode.LOCK_GONE.sqlState());
    assertThat(e.getMessage()).contains("LOCK_GONE");
    assertAlive();
  }

  @Test
  void wrongSchemaNamesInTheSqlFunctionsAreSqlErrors() throws Exception {
    try (Connection c = connect(uniqueNamespace("schema"))) {
      for (String schema : new String[] {"nope", "temp", "main2"}) {
        SQLException e =
            catchThrowableOfType(
                SQLException.class,
                () -> queryString(c, "SELECT mv_last_known_version('" + schema + "')"));
        assertThat(e.getMessage()).contains("mv_last_known_version", "'" + schema + "'");
      }
      assertThat(queryString(c, "SELECT mv_last_known_version('main')")).isNotNull();
    }
    assertAlive();
  }

  @Test
  void walAndPageSizeChangesAreRefusedAndChangeNothing() throws Exception {
    String ns = uniqueNamespace("walpagesize");
    try (Connection c = connect(ns)) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
      assertThat(queryString(c, "PRAGMA journal_mode = WAL"))
          .as("SQLite keeps the rollback journal")
          .isNotEqualToIgnoringCase("wal");
      SQLException pageSize =
          catchThrowableOfType(SQLException.class, () -> exec(c, "PRAGMA page_size = 4096"));
      assertThat(pageSize.getMessage()).contains("page size of an mvSQLite namespace is fixed");
      SQLException exclusive =
          catchThrowableOfType(
              SQLException.class, () -> exec(c, "PRAGMA locking_mode = EXCLUSIVE"));
      assertThat(exclusive.getMessage()).contains("locking_mode=EXCLUSIVE");
      exec(c, "VACUUM", "INSERT INTO t VALUES (2)");
      assertThat(queryLong(c, "PRAGMA page_size")).isEqualTo(8192);
      assertThat(queryLong(c, "SELECT sum(x) FROM t")).isEqualTo(3);
      assertIntact(c);
    }
    assertAlive();
  }

  @Test
  void aNamespaceMarkedAsWalFailsToOpenWithAnError() throws Exception {
    String ns = uniqueNamespace("walheader");
    try (DirectPageStore handle = DirectStores.acquire(store());
        MvConnection writer =
            new MvConnection(
                handle,
                NamespaceRef.of(ns),
                handle.admin(),
                new MvConnection.Options(8192, 10, 10, 0, null, true))) {
      writer.begin();
      writer.beginWrite();
      byte[] page0 = writer.templatePage();
      page0[HeaderFields.WRITE_VERSION] = 2;
      page0[HeaderFields.READ_VERSION] = 2;
      writer.writePage(0, page0);
      assertThat(writer.commit()).isInstanceOf(CommitResult.Committed.class);
      writer.end();
    }
    SQLException e = catchThrowableOfType(SQLException.class, () -> connect(ns).close());
    assertThat(e.getSQLState()).startsWith("08");
    assertThat(e.getMessage()).contains("WAL");
    assertAlive();
  }

  @Test
  void anUnreachableServerFailsWithinTheRetryDeadline() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    long start = System.nanoTime();
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () ->
                DriverManager.getConnection(
                        "jdbc:mvsqlite:"
                            + uniqueNamespace("down")
                            + "?dataPlane=http://127.0.0.1:"
                            + port
                            + "&retryDeadlineSecs=1.5")
                    .close());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat((Throwable) e).isInstanceOf(SQLTransientConnectionException.class);
    assertThat(e.getSQLState()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED.sqlState());
    assertThat(e.getMessage())
        .contains("DEADLINE_EXCEEDED", "127.0.0.1:" + port, "retry deadline 1500 ms");
    assertThat(e.getMessage()).containsPattern("failed after ([2-9]|\\d{2,}) attempts");
    // The client gives up as soon as its next backoff would pass the deadline, so it may stop
    // somewhat before it.
    assertThat(took).isBetween(Duration.ofMillis(500), Duration.ofSeconds(10));
    assertAlive();
  }

  @Test
  void writesToAViewOfThePastFailInsteadOfBeingDiscarded() throws Exception {
    String ns = uniqueNamespace("discard");
    String v;
    try (Connection c = connect(ns)) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('kept')");
      v = queryString(c, "SELECT mv_last_known_version('main')");
    }
    try (Connection pinned = connect(ns + "@" + v);
        Connection live = connect(ns)) {
      queryColumn(live, "SELECT mv_pin_version('main', '" + v + "')");
      for (Connection c : new Connection[] {pinned, live}) {
        SQLException e =
            catchThrowableOfType(
                SQLException.class, () -> exec(c, "INSERT INTO t VALUES ('lost?')"));
        assertThat(e.getSQLState()).isEqualTo("25006");
        assertThat(e.getErrorCode()).isEqualTo(8);
        c.setAutoCommit(false);
        SQLException inTransaction =
            catchThrowableOfType(
                SQLException.class, () -> exec(c, "INSERT INTO t VALUES ('lost?')"));
        assertThat(inTransaction.getSQLState()).isEqualTo("25006");
        c.rollback();
        c.setAutoCommit(true);
      }
      assertThat(
              catchThrowableOfType(
                      SQLException.class, () -> exec(live, "INSERT INTO t VALUES ('lost?')"))
                  .getMessage())
          .contains("pinned to version " + v);
      queryColumn(live, "SELECT mv_unpin_version('main')");
      assertThat(queryColumn(live, "SELECT x FROM t")).containsExactly("kept");
    }
  }
}
