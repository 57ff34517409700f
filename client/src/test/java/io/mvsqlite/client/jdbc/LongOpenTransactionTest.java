package io.mvsqlite.client.jdbc;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.http.TestMvstore;
import io.mvsqlite.client.txn.CommitResult;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.Version;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One SQLite transaction kept open far longer than a FoundationDB transaction may live (5 s), then
 * committed.
 *
 * <p>The snapshot is taken at the first read and every page of it is read (and every upload made)
 * in its own short store transaction, so the only things that must survive the wall-clock time are
 * the snapshot's page versions (kept because truncation never cuts above them here) and the
 * uploaded pages (kept by the transaction lease, which the client renews every 20 s while content
 * GC, with a fresh-page TTL of 0, runs throughout and would otherwise delete them). Meanwhile
 * another connection keeps committing (to another namespace), and the namespace's history below the
 * transaction's snapshot is truncated, so GC has real garbage to collect.
 *
 * <p>These tests wait on purpose: the elapsed wall-clock time is the behaviour under test, not a
 * way to let work finish. The waits are the explicit {@link #holdOpen} loops. Over HTTP to a real
 * mvstore on the embedded store in strict mode (FoundationDB's limits enforced, set by the build).
 * The CI variant holds the transaction ~10 s; the soak variant (tag {@code soak}) 4 minutes, beyond
 * the server's 60 s lease TTL, so the lease must be renewed to survive.
 */
class LongOpenTransactionTest {

  private static final long SEED = 20261127;
  private static final int ROWS_PER_PHASE = 1500;
  private static final int BLOB_BYTES = 2000;

  @TempDir Path dir;

  @Test
  void aTransactionOpenTenSecondsWithUploadsAndGcRunningCommitsExactly() throws Exception {
    runLongTransaction(Duration.ofSeconds(5));
  }

  @Test
  @Tag("soak")
  void aTransactionOpenFourMinutesOutlivesTheLeaseTtlAndCommitsExactly() throws Exception {
    runLongTransaction(Duration.ofMinutes(2));
  }

  /**
   * Opens a write transaction, holds it {@code phase} after each of two spilling insert phases,
   * then commits.
   */
  private void runLongTransaction(Duration phase) throws Exception {
    String ns = uniqueNamespace("longtxn");
    try (TestMvstore server =
        TestMvstore.start(dir, c -> c.withGcFreshPageTtlSecs(0).withTruncateMinAgeSeconds(0))) {
      String url = "jdbc:mvsqlite:" + ns + "?dataPlane=" + server.url();
      NamespaceAdmin admin = server.backend.admin();
      Gc gc = new Gc(admin, ns);
      long started;
      long sideCommits = 0;
      String sideUrl = "jdbc:mvsqlite:" + ns + "-side?dataPlane=" + server.url();
      Version beforeSnapshot;
      try (Connection setup = DriverManager.getConnection(url + "&pageSize=4096");
          Connection side = DriverManager.getConnection(sideUrl)) {
        exec(
            setup,
            "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB NOT NULL)",
            "CREATE TABLE scratch(x)",
            "INSERT INTO scratch VALUES (1)",
            "UPDATE scratch SET x = 2");
        exec(
            side,
            "CREATE TABLE side(id INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
            "INSERT INTO side VALUES (1, 0)");
        // Everything before the transaction's snapshot may be truncated while it is open.
        beforeSnapshot = Version.parse(queryString(setup, "SELECT mv_last_known_version('main')"));
      }
      // The other writer uses another namespace so that it cannot conflict with the transaction:
      // this test is about
      // time, not concurrency (ConcurrencyContract covers writers of one namespace).
      try (Connection c = DriverManager.getConnection(url);
          Connection other = DriverManager.getConnection(sideUrl)) {
        // A tiny SQLite cache makes SQLite spill: the client then uploads pages in the background,
        // under a lease.
        exec(c, "PRAGMA cache_size = 20");
        c.setAutoCommit(false);
        started = System.nanoTime();
        insertRows(c, 1, ROWS_PER_PHASE);
        sideCommits += holdOpen(phase, other, gc, beforeSnapshot);
        insertRows(c, ROWS_PER_PHASE + 1, 2 * ROWS_PER_PHASE);
        sideCommits += holdOpen(phase, other, gc, beforeSnapshot);
        // Reads the pages of the first phase back (by hash: they left memory long ago) inside the
        // transaction.
        assertRows(c, 2 * ROWS_PER_PHASE, "inside the transaction");
        c.commit();
        long heldNanos = System.nanoTime() - started;
        assertThat(Duration.ofNanos(heldNanos))
            .as("the transaction stayed open")
            .isGreaterThan(phase.multipliedBy(2));
        CommitResult.Committed commit = mvFile(c, "main").connection().lastCommit();
        assertThat(commit.leased()).as("uploads ran under a transaction lease").isTrue();
        assertThat(commit.uploadedPages())
            .as("pages uploaded while the transaction was open")
            .isGreaterThan(1000);
        c.setAutoCommit(true);
        System.out.printf(
            "transaction held %d ms; %d side commits; GC collected %d contents, truncated %d versions%n",
            heldNanos / 1_000_000, sideCommits, gc.collected, gc.truncated);
      }
      assertThat(sideCommits).as("the other connection committed meanwhile").isPositive();
      assertThat(gc.passes).as("GC ran while the transaction was open").isGreaterThanOrEqualTo(2);
      assertThat(gc.collected)
          .as("GC found garbage (history truncated below the snapshot)")
          .isPositive();
      try (Connection fresh = DriverManager.getConnection(url);
          Connection side = DriverManager.getConnection(sideUrl)) {
        assertRows(fresh, 2 * ROWS_PER_PHASE, "after the commit");
        assertIntact(fresh);
        assertThat(queryLong(side, "SELECT n FROM side WHERE id = 1")).isEqualTo(sideCommits);
      }
    }
  }

  /** Inserts rows {@code from..to}, each with a seeded blob of its own. */
  private static void insertRows(Connection c, int from, int to) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
      for (int id = from; id <= to; id++) {
        p.setInt(1, id);
        p.setBytes(2, blob(id));
        p.executeUpdate();
      }
    }
  }

  private static byte[] blob(int id) {
    byte[] b = new byte[BLOB_BYTES];
    new Random(SEED * 31 + id).nextBytes(b);
    return b;
  }

  private static void assertRows(Connection c, int rows, String when) throws SQLException {
    int seen = 0;
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT id, v FROM t ORDER BY id")) {
      while (r.next()) {
        seen++;
        int id = r.getInt(1);
        assertThat(id).as("row ids %s (seed %d)", when, SEED).isEqualTo(seen);
        assertThat(r.getBytes(2)).as("row %d %s (seed %d)", id, when, SEED).isEqualTo(blob(id));
      }
    }
    assertThat(seen).as("rows %s", when).isEqualTo(rows);
  }

  /**
   * Keeps the transaction open for {@code duration} of wall-clock time (the behaviour under test,
   * so this loop waits deliberately), while {@code other} commits increments of the side table and
   * GC runs: truncation below the transaction's snapshot, then a content GC pass. Returns the
   * number of side commits.
   */
  private static long holdOpen(Duration duration, Connection other, Gc gc, Version truncateBefore)
      throws SQLException {
    long end = System.nanoTime() + duration.toNanos();
    long commits = 0;
    while (System.nanoTime() < end) {
      exec(other, "UPDATE side SET n = n + 1 WHERE id = 1");
      commits++;
      gc.pass(truncateBefore);
      LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
    }
    return commits;
  }

  /** Truncation and content GC of one namespace, applied, with totals. */
  private static final class Gc {
    private final NamespaceAdmin admin;
    private final String ns;
    long passes;
    long truncated;
    long collected;

    Gc(NamespaceAdmin admin, String ns) {
      this.admin = admin;
      this.ns = ns;
    }

    void pass(Version truncateBefore) {
      truncated += admin.truncate(ns, truncateBefore, true, n -> {});
      collected += admin.deleteUnreferencedContent(ns, true, n -> {});
      passes++;
    }
  }
}
