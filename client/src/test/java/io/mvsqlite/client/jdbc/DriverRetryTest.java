package io.mvsqlite.client.jdbc;

import static io.mvsqlite.client.MvTestDatabases.*;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_UTF8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mvsqlite.client.sqlite.JdbcHandles;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's transparent retry, with conflicts made deterministic: a SQL function {@code
 * interfere(…)}, called by the statement under test, commits a change to the same page through a
 * second connection while the statement runs, so the statement's own commit conflicts. Each test
 * counts the attempts and checks that every write was applied exactly once.
 */
class DriverRetryTest extends JdbcTestBase {

  @TempDir Path dir;

  @Override
  String backendOptions() {
    return Backends.direct(dir);
  }

  @Override
  String backendName() {
    return "direct mode";
  }

  /**
   * Registers {@code interfere(…)} on {@code victim}. A call is selected if {@code onArg} is null
   * or equals its first argument; selected call number {@code n} (from 1) runs {@code sql} on
   * {@code other} when {@code when} accepts {@code n}.
   *
   * @return the number of calls made so far
   */
  private static AtomicInteger interfere(
      Connection victim, Connection other, String sql, IntPredicate when, Long onArg) {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger selectedCalls = new AtomicInteger();
    installed()
        .binding()
        .functions()
        .register(
            JdbcHandles.dbHandle(victim),
            "interfere",
            -1,
            SQLITE_UTF8,
            call -> {
              calls.incrementAndGet();
              boolean selected = onArg == null || onArg.equals(call.arguments().getFirst());
              if (selected && when.test(selectedCalls.incrementAndGet())) {
                try {
                  exec(other, sql);
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              }
              return 1L;
            });
    return calls;
  }

  private static long retries(Connection c) throws SQLException {
    return c.unwrap(MvSqliteConnection.class).conflictRetries();
  }

  private static void counter(Connection c) throws SQLException {
    exec(
        c,
        "CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER NOT NULL, data BLOB)",
        "INSERT INTO t(id, v) VALUES (1, 0), (2, 0)");
  }

  @Test
  void anAutocommitUpdateThatConflictsIsRunAgainAndAppliedOnce() throws Exception {
    String ns = uniqueNamespace("retry");
    try (Connection a = connect(ns);
        Connection b = connect(ns)) {
      counter(a);
      AtomicInteger calls =
          interfere(a, b, "UPDATE t SET v = v + 100 WHERE id = 1", n -> n == 1, null);
      try (Statement s = a.createStatement()) {
        assertThat(s.executeUpdate("UPDATE t SET v = v + 1 WHERE id = 1 AND interfere()"))
            .isEqualTo(1);
      }
      assertThat(calls.get()).isEqualTo(2);
      assertThat(retries(a)).isEqualTo(1);
      assertThat(queryLong(b, "SELECT v FROM t WHERE id = 1")).isEqualTo(101);
      assertIntact(b);
    }
  }

  @Test
  void aPreparedStatementIsRunAgainWithItsParameters() throws Exception {
    String ns = uniqueNamespace("retryprepared");
    try (Connection a = connect(ns);
        Connection b = connect(ns)) {
      counter(a);
      interfere(a, b, "UPDATE t SET v = v + 100 WHERE id = 1", n -> n == 1, null);
      try (PreparedStatement p =
          a.prepareStatement("UPDATE t SET v = v + ? WHERE id = ? AND interfere()")) {
        p.setInt(1, 5);
        p.setInt(2, 1);
        assertThat(p.executeUpdate()).isEqualTo(1);
        assertThat(p.execute()).isFalse();
      }
      assertThat(retries(a)).isEqualTo(1);
      assertThat(queryLong(b, "SELECT v FROM t WHERE id = 1")).isEqualTo(110);
    }
  }

  @Test
  void aWriteThatReturnsRowsIsRunAgainBeforeAnyRowIsHandedOut() throws Exception {
    String ns = uniqueNamespace("retryreturning");
    try (Connection a = connect(ns);
        Connection b = connect(ns)) {
      counter(a);
      AtomicInteger calls =
          interfere(a, b, "UPDATE t SET v = v + 100 WHERE id = 1", n -> n == 1 || n == 3, null);
      try (Statement s = a.createStatement();
          ResultSet r =
              s.executeQuery("UPDATE t SET v = v + 1 WHERE id = 1 AND interfere() RETURNING v")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getLong(1))
            .as("the committed value, not the conflicted attempt's")
            .isEqualTo(101);
        assertThat(r.next()).isFalse();
        assertThat(r.getStatement()).isSameAs(s);
      }
      try (Statement s = a.createStatement()) {
        assertThat(s.execute("UPDATE t SET v = v + 1 WHERE id = 1 AND interfere() RETURNING v"))
            .isTrue();
        try (ResultSet r = s.getResultSet()) {
          assertThat(r.next()).isTrue();
          assertThat(r.getLong("v")).isEqualTo(202);
        }
      }
      assertThat(calls.get()).isEqualTo(4);
      assertThat(retries(a)).isEqualTo(2);
      assertThat(queryLong(b, "SELECT v FROM t WHERE id = 1")).isEqualTo(202);
    }
  }

  @Test
  void aBatchRunsEveryEntryExactlyOnceWhenOneOfThemConflicts() throws Exception {
    String ns = uniqueNamespace("retrybatch");
    try (Connection a = connect(ns);
        Connection b = connect(ns)) {
      counter(a);
      // Entry 2's first attempt conflicts, its second does not.
      interfere(a, b, "UPDATE t SET v = v + 1000 WHERE id = 1", n -> n % 2 == 1, 2L);
      byte[][] blobs = {new byte[10_000], new byte[20_000], new byte[30_000]};
      for (int i = 0; i < blobs.length; i++) {
        java.util.Arrays.fill(blobs[i], (byte) (i + 1));
      }
      try (PreparedStatement p =
          a.prepareStatement("UPDATE t SET v = v + ?, data = ? WHERE id = 1 AND interfere(?)")) {
        long[] adds = {1, 10, 100};
        for (int i = 0; i < 3; i++) {
          p.setLong(1, adds[i]);
          p.setBinaryStream(2, new ByteArrayInputStream(blobs[i]), blobs[i].length);
          p.setLong(3, i + 1);
          p.addBatch();
        }
        assertThat(p.executeBatch()).containsExactly(1, 1, 1);
        assertThat(queryBytes(b, "SELECT data FROM t WHERE id = 1")).isEqualTo(blobs[2]);
        p.setLong(1, 5);
        p.setBytes(2, new byte[] {9});
        p.setLong(3, 9);
        p.addBatch();
        assertThat(p.executeLargeBatch()).containsExactly(1L);
      }
      try (Statement s = a.createStatement()) {
        s.addBatch("UPDATE t SET v = v + 1 WHERE id = 2");
        s.addBatch("UPDATE t SET v = v + 1 WHERE id = 1 AND interfere(2)");
        s.addBatch("UPDATE t SET v = v + 1 WHERE id = 2");
        assertThat(s.executeBatch()).containsExactly(1, 1, 1);
      }
      assertThat(retries(a)).isEqualTo(2);
      assertThat(queryLong(b, "SELECT v FROM t WHERE id = 1")).isEqualTo(111 + 5 + 1 + 2 * 1000);
      assertThat(queryLong(b, "SELECT v FROM t WHERE id = 2")).isEqualTo(2);
      assertIntact(b);
    }
  }

  @Test
  void aFailingBatchEntryStopsTheBatchAndReportsTheEntriesBeforeIt() throws Exception {
    String ns = uniqueNamespace("batchfail");
    try (Connection a = connect(ns)) {
      exec(a, "CREATE TABLE u(id INTEGER PRIMARY KEY)");
      try (PreparedStatement p = a.prepareStatement("INSERT INTO u VALUES (?)")) {
        for (int id : new int[] {1, 2, 2, 3}) {
          p.setInt(1, id);
          p.addBatch();
        }
        BatchUpdateException e = catchThrowableOfType(BatchUpdateException.class, p::executeBatch);
        assertThat(e.getUpdateCounts()).containsExactly(1, 1);
        assertThat(e.getSQLState()).isEqualTo("23000");
        assertThat(e.getMessage()).contains("batch entry 2", "UNIQUE");
      }
      assertThat(queryColumn(a, "SELECT id FROM u ORDER BY id")).containsExactly("1", "2");
    }
  }

  @Test
  void inAnExplicitTransactionAConflictIs40001AndNothingIsRunAgain() throws Exception {
    String ns = uniqueNamespace("explicit");
    try (Connection a = connect(ns);
        Connection b = connect(ns)) {
      counter(a);
      interfere(a, b, "UPDATE t SET v = v + 100 WHERE id = 1", n -> true, null);
      a.setAutoCommit(false);
      exec(a, "UPDATE t SET v = v + 1 WHERE id = 1 AND interfere()");
      SQLException first = catchThrowableOfType(SQLException.class, a::commit);
      assertThat((Throwable) first).isInstanceOf(SQLTransactionRollbackException.class);
      assertThat(first.getSQLState()).isEqualTo("40001");
      assertThat(first.getErrorCode()).isEqualTo(5);
      SQLException again = catchThrowableOfType(SQLException.class, a::commit);
      assertThat(again.getSQLState())
          .as("a conflicted transaction never commits")
          .isEqualTo("40001");
      a.rollback();
      a.setAutoCommit(true);
      assertThat(retries(a)).isZero();
      assertThat(queryLong(b, "SELECT v FROM t WHERE id = 1")).isEqualTo(100);

      // The same with BEGIN and COMMIT written in SQL.
      exec(a, "BEGIN", "UPDATE t SET v = v + 1 WHERE id = 1 AND interfere()");
      assertThat(catchThrowableOfType(SQLException.class, () -> exec(a, "COMMIT")).getSQLState())
          .isEqualTo("40001");
      assertThat(catchThrowableOfType(SQLException.class, () -> exec(a, "COMMIT")).getSQLState())
          .isEqualTo("40001");
      exec(a, "ROLLBACK");
      assertThat(retries(a)).isZero();
      assertThat(queryLong(b, "SELECT v FROM t WHERE id = 1")).isEqualTo(200);
      assertIntact(a);
    }
  }

  @Test
  void retriesAreBoundedAndThenTheConflictIsReported() throws Exception {
    String ns = uniqueNamespace("bounded");
    try (Connection a = connect(ns, "autocommitRetries=3");
        Connection b = connect(ns)) {
      counter(a);
      AtomicInteger calls =
          interfere(a, b, "UPDATE t SET v = v + 100 WHERE id = 1", n -> true, null);
      SQLException e =
          catchThrowableOfType(
              SQLException.class,
              () -> exec(a, "UPDATE t SET v = v + 1 WHERE id = 1 AND interfere()"));
      assertThat((Throwable) e).isInstanceOf(SQLTransactionRollbackException.class);
      assertThat(e.getMessage())
          .contains("commit conflict", "ran the statement 4 times", "autocommitRetries=3");
      assertThat(calls.get()).isEqualTo(4);
      assertThat(retries(a)).isEqualTo(3);
      assertThat(queryLong(b, "SELECT v FROM t WHERE id = 1"))
          .as("only the interfering commits")
          .isEqualTo(400);
    }
  }

  @Test
  void noRetriesWhenTheyAreTurnedOff() throws Exception {
    String ns = uniqueNamespace("noretry");
    try (Connection a = connect(ns, "autocommitRetries=0");
        Connection b = connect(ns)) {
      counter(a);
      AtomicInteger calls =
          interfere(a, b, "UPDATE t SET v = v + 100 WHERE id = 1", n -> n == 1, null);
      SQLException e =
          catchThrowableOfType(
              SQLException.class,
              () -> exec(a, "UPDATE t SET v = v + 1 WHERE id = 1 AND interfere()"));
      assertThat(e.getSQLState()).isEqualTo("40001");
      assertThat(calls.get()).isEqualTo(1);
    }
  }

  @Test
  void textWithSeveralStatementsIsNotRunAgainAsTheFirstOnesHaveCommitted() throws Exception {
    String ns = uniqueNamespace("multi");
    try (Connection a = connect(ns);
        Connection b = connect(ns)) {
      counter(a);
      interfere(a, b, "UPDATE t SET v = v + 100 WHERE id = 1", n -> n == 1, null);
      SQLException e =
          catchThrowableOfType(
              SQLException.class,
              () -> {
                try (Statement s = a.createStatement()) {
                  s.executeUpdate(
                      "UPDATE t SET v = v + 1 WHERE id = 2; UPDATE t SET v = v + 1 WHERE id = 1 AND interfere()");
                }
              });
      assertThat(e.getSQLState()).isEqualTo("40001");
      assertThat(retries(a)).isZero();
      assertThat(queryLong(b, "SELECT v FROM t WHERE id = 2"))
          .as("the first statement ran once")
          .isEqualTo(1);
      assertThat(queryLong(b, "SELECT v FROM t WHERE id = 1")).isEqualTo(100);
    }
  }

  @Test
  void sqliteFailuresKeepTheirMessageAndGetAnSqlState() throws Exception {
    String ns = uniqueNamespace("states");
    try (Connection a = connect(ns)) {
      exec(a, "CREATE TABLE u(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      SQLException notNull =
          catchThrowableOfType(
              SQLException.class, () -> exec(a, "INSERT INTO u(id, name) VALUES (1, NULL)"));
      assertThat((Throwable) notNull).isInstanceOf(SQLIntegrityConstraintViolationException.class);
      assertThat(notNull.getSQLState()).isEqualTo("23000");
      assertThat(notNull.getErrorCode()).isEqualTo(19);
      assertThat(notNull.getMessage()).contains("NOT NULL constraint failed: u.name");
      SQLException syntax = catchThrowableOfType(SQLException.class, () -> exec(a, "SELEKT 1"));
      assertThat(syntax.getSQLState()).isEqualTo("HY000");
      assertThat(syntax.getMessage()).contains("syntax error");
      List<String> stillThere = new ArrayList<>(queryColumn(a, "SELECT name FROM sqlite_schema"));
      assertThat(stillThere).containsExactly("u");
    }
  }
}
