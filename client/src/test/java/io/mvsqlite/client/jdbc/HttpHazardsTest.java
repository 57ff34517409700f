package io.mvsqlite.client.jdbc;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mvsqlite.client.http.TestMvstore;
import io.mvsqlite.protocol.ErrorCode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hazards of the reference client (§12) that need a real mvstore: a commit the server refuses with
 * a 4xx (a bad page reference: content collected under an expired lease) and a read-only replica.
 * Each is an {@code SQLException} with the error's SQLSTATE and message; nothing is committed,
 * nothing aborts.
 */
class HttpHazardsTest {

  @TempDir Path dir;

  private static Connection connect(TestMvstore server, String database, String options)
      throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mvsqlite:"
            + database
            + "?"
            + Backends.http(server)
            + (options.isEmpty() ? "" : "&" + options));
  }

  @Test
  void aCommitReferencingCollectedContentFailsWithItsSqlStateAndCommitsNothing() throws Exception {
    String ns = uniqueNamespace("badref");
    try (TestMvstore server =
        TestMvstore.start(dir, c -> c.withGcFreshPageTtlSecs(0).withLeaseTtlSecs(1))) {
      try (Connection c = connect(server, ns, "pageSize=4096")) {
        exec(c, "PRAGMA cache_size = 20", "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
        c.setAutoCommit(false);
        // SQLite spills more than 1000 pages: the client uploads them in the background, under a
        // lease it renews
        // every 20 s.
        exec(
            c,
            "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
                + " SELECT i, randomblob(2000) FROM n");
        // The server's lease lives 1 s: once it has expired, content GC collects the unreferenced
        // uploads.
        long collected = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (collected == 0 && System.nanoTime() < deadline) {
          collected = server.backend.admin().deleteUnreferencedContent(ns, true, n -> {});
          if (collected == 0) {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
          }
        }
        assertThat(collected).as("uploads collected after the lease expired").isPositive();

        SQLException e = catchThrowableOfType(SQLException.class, c::commit);
        assertThat((Throwable) e).as("the commit must not report success").isNotNull();
        assertThat(e.getSQLState()).isEqualTo(ErrorCode.BAD_PAGE_REFERENCE.sqlState());
        assertThat(e.getMessage()).contains("BAD_PAGE_REFERENCE", "bad page reference");
        // SQLite rolled the transaction back after the I/O error: nothing may run as if it were
        // still open.
        SQLException again = catchThrowableOfType(SQLException.class, c::commit);
        assertThat(again.getSQLState()).isEqualTo("40000");
        SQLException statement =
            catchThrowableOfType(
                SQLException.class, () -> exec(c, "INSERT INTO t VALUES (0, x'00')"));
        assertThat(statement.getSQLState()).isEqualTo("40000");
        assertThat(statement.getMessage()).contains("call rollback()");
        c.rollback();
        exec(c, "INSERT INTO t VALUES (-1, x'00')");
        c.rollback();
        c.setAutoCommit(true);
        assertThat(queryLong(c, "SELECT count(*) FROM t")).isZero();
      }
      try (Connection c = connect(server, ns, "")) {
        assertThat(queryLong(c, "SELECT count(*) FROM t")).isZero();
        exec(c, "INSERT INTO t VALUES (1, x'01')");
        assertThat(queryLong(c, "SELECT count(*) FROM t")).isEqualTo(1);
        assertIntact(c);
      }
    }
  }

  @Test
  void aReadOnlyReplicaServesReadsAndRefusesWritesWithSqlState25006() throws Exception {
    String ns = uniqueNamespace("replica");
    try (TestMvstore primary = TestMvstore.start(dir, c -> c)) {
      try (Connection c = connect(primary, ns, "")) {
        exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('primary')");
      }
    }
    try (TestMvstore replica =
            TestMvstore.start(dir, c -> c.withAutoCreateNamespace(false).withReadOnly(true));
        Connection c = connect(replica, ns, "")) {
      assertThat(queryString(c, "SELECT x FROM t")).isEqualTo("primary");
      SQLException e =
          catchThrowableOfType(
              SQLException.class, () -> exec(c, "INSERT INTO t VALUES ('replica')"));
      assertThat(e.getSQLState()).isEqualTo("25006");
      assertThat(e.getErrorCode()).isEqualTo(8);
      assertThat(e.getMessage()).contains("read-only replica");
      assertThat(queryLong(c, "SELECT count(*) FROM t")).isEqualTo(1);
    }
  }
}
