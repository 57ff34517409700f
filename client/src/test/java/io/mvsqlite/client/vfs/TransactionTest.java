package io.mvsqlite.client.vfs;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.txn.CommitResult;
import io.mvsqlite.protocol.Version;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * Transactions as SQLite runs them: cache spills, rollbacks, savepoints, synchronous=OFF, read-only
 * ones.
 */
class TransactionTest extends DirectModeFixture {

  private static final String ROWS_3000 =
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)";

  @Test
  void aTransactionThatSpillsSqlitesCacheCommits() throws Exception {
    String ns = uniqueNamespace("spill");
    try (Connection c = open(ns)) {
      exec(
          c,
          "PRAGMA cache_size = 10",
          "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)",
          "BEGIN",
          "INSERT INTO t " + ROWS_3000 + " SELECT i, hex(randomblob(100)) FROM n",
          "UPDATE t SET v = 'even' WHERE id % 2 = 0",
          "COMMIT");
    }
    try (Connection c = open(ns)) {
      assertThat(queryLong(c, "SELECT count(*) FROM t")).isEqualTo(3000);
      assertThat(queryLong(c, "SELECT count(*) FROM t WHERE v = 'even'")).isEqualTo(1500);
      assertIntact(c);
    }
  }

  @Test
  void aTransactionThatSpillsSqlitesCacheRollsBackCompletely() throws Exception {
    String ns = uniqueNamespace("spillback");
    try (Connection c = open(ns)) {
      exec(
          c,
          "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)",
          "INSERT INTO t " + ROWS_3000 + " SELECT i, hex(randomblob(100)) FROM n");
      String before = queryString(c, "SELECT sum(length(v)) || ':' || count(*) FROM t");
      Version version = mvFile(c, "main").connection().lastKnownVersion();

      exec(
          c,
          "PRAGMA cache_size = 10",
          "BEGIN",
          "DELETE FROM t WHERE id % 3 = 0",
          "INSERT INTO t " + ROWS_3000 + " SELECT i + 10000, hex(randomblob(300)) FROM n",
          "UPDATE t SET v = 'changed'",
          "ROLLBACK");
      assertThat(queryString(c, "SELECT sum(length(v)) || ':' || count(*) FROM t"))
          .isEqualTo(before);
      assertThat(mvFile(c, "main").connection().lastKnownVersion())
          .as("nothing was committed")
          .isEqualTo(version);
      assertIntact(c);
    }
    try (Connection c = open(ns)) {
      assertThat(queryLong(c, "SELECT count(*) FROM t")).isEqualTo(3000);
      assertIntact(c);
    }
  }

  @Test
  void aRollbackThatReusedFreePagesCommitsNothing() throws Exception {
    String ns = uniqueNamespace("freelist");
    try (Connection c = open(ns)) {
      exec(
          c,
          "CREATE TABLE big(x)",
          "INSERT INTO big " + ROWS_3000 + " SELECT randomblob(3000) FROM n",
          "DELETE FROM big");
      assertThat(queryLong(c, "PRAGMA freelist_count")).isGreaterThan(1000);
      Version version = mvFile(c, "main").connection().lastKnownVersion();
      // Free leaf pages reused without their old content are not journaled: SQLite's rollback does
      // not restore them.
      exec(
          c,
          "PRAGMA cache_size = 5",
          "BEGIN",
          "INSERT INTO big " + ROWS_3000 + " SELECT randomblob(3000) FROM n WHERE i <= 500",
          "ROLLBACK");
      assertThat(mvFile(c, "main").connection().lastKnownVersion()).isEqualTo(version);
      assertThat(queryLong(c, "SELECT count(*) FROM big")).isZero();
      assertIntact(c);
    }
  }

  @Test
  void savepointsRollBackPartOfATransaction() throws Exception {
    String ns = uniqueNamespace("savepoint");
    try (Connection c = open(ns)) {
      exec(
          c,
          "PRAGMA cache_size = 10",
          "CREATE TABLE t(v)",
          "BEGIN",
          "INSERT INTO t VALUES ('kept')",
          "SAVEPOINT s",
          "INSERT INTO t " + ROWS_3000 + " SELECT hex(randomblob(200)) FROM n",
          "ROLLBACK TO s",
          "RELEASE s",
          "COMMIT");
    }
    try (Connection c = open(ns)) {
      assertThat(queryColumn(c, "SELECT v FROM t")).containsExactly("kept");
      assertIntact(c);
    }
  }

  @Test
  void synchronousOffStillCommits() throws Exception {
    String ns = uniqueNamespace("syncoff");
    try (Connection c = open(ns)) {
      exec(
          c,
          "PRAGMA synchronous = OFF",
          "CREATE TABLE t(x)",
          "INSERT INTO t VALUES (1), (2)",
          "BEGIN",
          "INSERT INTO t VALUES (3)",
          "COMMIT");
      assertThat(queryLong(c, "PRAGMA synchronous")).isZero();
    }
    try (Connection c = open(ns)) {
      assertThat(queryLong(c, "SELECT sum(x) FROM t")).isEqualTo(6);
      assertIntact(c);
    }
  }

  @Test
  void aReadOnlyTransactionNeedsNoCommit() throws Exception {
    String ns = uniqueNamespace("readonly");
    try (Connection c = open(ns)) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES (42)");
      CommitResult.Committed last = mvFile(c, "main").connection().lastCommit();
      exec(c, "BEGIN");
      assertThat(queryLong(c, "SELECT x FROM t")).isEqualTo(42);
      exec(c, "COMMIT", "BEGIN IMMEDIATE", "COMMIT", "UPDATE t SET x = 42");
      assertThat(mvFile(c, "main").connection().lastCommit())
          .as("no commit was sent")
          .isSameAs(last);
      assertIntact(c);
    }
  }

  @Test
  void writesWhileAReaderKeepsTheSharedLockCommitEachTime() throws Exception {
    String ns = uniqueNamespace("heldshared");
    try (Connection c = open(ns)) {
      exec(
          c,
          "CREATE TABLE src(x)",
          "CREATE TABLE dst(x)",
          "INSERT INTO src " + ROWS_3000 + " SELECT i FROM n");
      // The open cursor keeps SQLite's SHARED lock: each INSERT commits without the connection
      // going back to NONE.
      try (var s = c.createStatement();
          var rows = s.executeQuery("SELECT x FROM src ORDER BY x")) {
        for (int i = 0; i < 5 && rows.next(); i++) {
          exec(c, "INSERT INTO dst VALUES (" + rows.getLong(1) + ")");
        }
      }
      assertThat(mvFile(c, "main").commitsAtUnlock()).as("every commit at its sync point").isZero();
    }
    try (Connection c = open(ns)) {
      assertThat(queryColumn(c, "SELECT x FROM dst ORDER BY x"))
          .containsExactly("1", "2", "3", "4", "5");
      assertIntact(c);
    }
  }

  @Test
  void lockingModeExclusiveIsRefusedWithAClearError() throws Exception {
    try (Connection c = open(uniqueNamespace("exclusive"))) {
      assertThat(
              org.assertj.core.api.Assertions.catchThrowable(
                  () -> exec(c, "PRAGMA locking_mode = EXCLUSIVE")))
          .hasMessageContaining("locking_mode=EXCLUSIVE");
      assertThat(queryString(c, "PRAGMA locking_mode")).isEqualTo("normal");
      exec(c, "CREATE TABLE t(x)");
      assertIntact(c);
    }
  }
}
