package io.mvsqlite.client.vfs;

import static io.mvsqlite.client.MvTestDatabases.*;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_BUSY;
import static io.mvsqlite.protocol.SqliteCodes.primary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Several connections on one namespace: each transaction sees the others' commits (SQLite's cache
 * is dropped per transaction), writers of different pages both commit (page-level conflict checks),
 * writers of the same page conflict, and a conflicted COMMIT never turns into a reported success.
 */
class ConflictTest extends DirectModeFixture {

  /**
   * A table of {@code rows} rows of ~200 bytes: about 35 per 8 KiB leaf, so distant ids are on
   * different pages.
   */
  private static void table(Connection c, int rows) throws SQLException {
    exec(
        c,
        "CREATE TABLE acct(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL, pad TEXT)",
        "INSERT INTO acct WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
            + rows
            + ")"
            + " SELECT i, 100, hex(randomblob(95)) FROM n");
  }

  @Test
  void eachTransactionSeesTheOtherConnectionsCommits() throws Exception {
    String ns = uniqueNamespace("see");
    try (Connection a = open(ns);
        Connection b = open(ns)) {
      exec(a, "CREATE TABLE t(x)");
      exec(b, "INSERT INTO t VALUES ('from b')");
      assertThat(queryColumn(a, "SELECT x FROM t")).containsExactly("from b");
      exec(a, "INSERT INTO t VALUES ('from a')");
      assertThat(queryColumn(b, "SELECT x FROM t ORDER BY x")).containsExactly("from a", "from b");
      for (int i = 0; i < 20; i++) {
        exec(
            i % 2 == 0 ? a : b,
            "UPDATE t SET x = x || '.' WHERE x = 'from a' OR x LIKE 'from a.%'");
        assertThat(
                queryString(i % 2 == 0 ? b : a, "SELECT length(x) FROM t WHERE x LIKE 'from a%'"))
            .isEqualTo(Integer.toString(6 + i + 1));
      }
      assertIntact(a);
      assertIntact(b);
    }
  }

  @Test
  void writersOfDifferentPagesBothCommit() throws Exception {
    String ns = uniqueNamespace("plcc");
    try (Connection a = open(ns);
        Connection b = open(ns)) {
      table(a, 2000);
      exec(a, "BEGIN", "UPDATE acct SET balance = balance + 1 WHERE id = 1");
      exec(b, "UPDATE acct SET balance = balance + 2 WHERE id = 1990");
      exec(a, "COMMIT");
      try (Connection c = open(ns)) {
        assertThat(queryLong(c, "SELECT balance FROM acct WHERE id = 1")).isEqualTo(101);
        assertThat(queryLong(c, "SELECT balance FROM acct WHERE id = 1990")).isEqualTo(102);
        assertThat(queryLong(c, "SELECT sum(balance) FROM acct")).isEqualTo(2000 * 100 + 3);
        assertIntact(c);
      }
    }
  }

  @Test
  void writersOfTheSameRowConflictAndOneGetsBusy() throws Exception {
    String ns = uniqueNamespace("same");
    try (Connection a = open(ns);
        Connection b = open(ns)) {
      table(a, 100);
      exec(a, "BEGIN", "UPDATE acct SET balance = balance + 1 WHERE id = 7");
      exec(b, "UPDATE acct SET balance = balance + 10 WHERE id = 7");
      SQLException e = catchThrowableOfType(SQLException.class, () -> exec(a, "COMMIT"));
      assertThat(primary(resultCode(e))).isEqualTo(SQLITE_BUSY);
      exec(a, "ROLLBACK");
      assertThat(queryLong(a, "SELECT balance FROM acct WHERE id = 7")).isEqualTo(110);
      assertIntact(a);
    }
  }

  @Test
  void aConflictedCommitStaysBusyUntilRollbackAndTheRerunIsExact() throws Exception {
    String ns = uniqueNamespace("hazard");
    try (Connection a = open(ns);
        Connection b = open(ns)) {
      table(a, 100);
      exec(
          a,
          "BEGIN",
          "UPDATE acct SET balance = balance - 30 WHERE id = 1",
          "UPDATE acct SET balance = balance + 30 WHERE id = 2",
          "INSERT INTO acct(id, balance) VALUES (1000, 5)");
      exec(b, "UPDATE acct SET balance = balance + 7 WHERE id = 1");

      SQLException first = catchThrowableOfType(SQLException.class, () -> exec(a, "COMMIT"));
      assertThat(primary(resultCode(first))).isEqualTo(SQLITE_BUSY);
      SQLException second = catchThrowableOfType(SQLException.class, () -> exec(a, "COMMIT"));
      assertThat(primary(resultCode(second)))
          .as("a second COMMIT must not report success")
          .isEqualTo(SQLITE_BUSY);
      assertThat(a.getAutoCommit()).isTrue();
      exec(a, "ROLLBACK");

      // Nothing of the conflicted transaction is visible, to anyone.
      assertThat(queryLong(a, "SELECT balance FROM acct WHERE id = 1")).isEqualTo(107);
      assertThat(queryLong(b, "SELECT count(*) FROM acct WHERE id = 1000")).isZero();

      exec(
          a,
          "BEGIN",
          "UPDATE acct SET balance = balance - 30 WHERE id = 1",
          "UPDATE acct SET balance = balance + 30 WHERE id = 2",
          "INSERT INTO acct(id, balance) VALUES (1000, 5)",
          "COMMIT");
      try (Connection c = open(ns)) {
        assertThat(queryLong(c, "SELECT balance FROM acct WHERE id = 1")).isEqualTo(77);
        assertThat(queryLong(c, "SELECT balance FROM acct WHERE id = 2")).isEqualTo(130);
        assertThat(queryLong(c, "SELECT balance FROM acct WHERE id = 1000")).isEqualTo(5);
        assertThat(queryLong(c, "SELECT sum(balance) FROM acct")).isEqualTo(100 * 100 + 7 + 5);
        assertIntact(c);
      }
    }
  }

  @Test
  void aReadInsideATransactionConflictsWithACommitThatChangedIt() throws Exception {
    String ns = uniqueNamespace("auto");
    try (Connection a = open(ns);
        Connection b = open(ns)) {
      table(a, 50);
      // A reads the row inside its transaction; B's commit lands in between; A's statement-level
      // commit conflicts.
      exec(a, "BEGIN", "SELECT balance FROM acct WHERE id = 3");
      exec(b, "UPDATE acct SET balance = 0 WHERE id = 3");
      exec(a, "UPDATE acct SET balance = balance + 1 WHERE id = 3");
      SQLException e = catchThrowableOfType(SQLException.class, () -> exec(a, "COMMIT"));
      assertThat(primary(resultCode(e))).isEqualTo(SQLITE_BUSY);
      exec(a, "ROLLBACK");
      exec(a, "UPDATE acct SET balance = balance + 1 WHERE id = 3");
      assertThat(queryLong(b, "SELECT balance FROM acct WHERE id = 3")).isEqualTo(1);
      assertIntact(b);
    }
  }
}
