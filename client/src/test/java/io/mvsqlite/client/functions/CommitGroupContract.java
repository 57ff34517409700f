package io.mvsqlite.client.functions;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.sqlite.JdbcHandles;
import io.mvsqlite.client.txn.CommitGroup;
import io.mvsqlite.protocol.SqliteCodes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commit groups through real SQLite (sqlite-jdbc) over one backend, the subclass's: the issue's
 * example, all or nothing, invisibility until the group commits, rollback, the refusal of a new
 * transaction on a staged database, cross-database write skew rejected, groups owned by the
 * connection rather than a thread, and every misuse as an SQL error. The functions are registered
 * on each connection as {@code MVSQLITE_EXPERIMENTAL_COMMIT_GROUP=1} would install them ({@link
 * MvFunctions#register}); {@code CommitGroupEnvironmentTest} runs the real flag in a child JVM.
 */
abstract class CommitGroupContract {

  private static final ClientConfig WITH_GROUPS =
      ClientConfig.from(k -> null, Map.of("MVSQLITE_EXPERIMENTAL_COMMIT_GROUP", "1")::get);

  /** URI parameters selecting the backend, e.g. {@code store=/tmp/x&autoCreate=1}. */
  abstract String backendOptions();

  String mainNs;
  String ordersNs;

  @BeforeEach
  void createDatabases() throws SQLException {
    mainNs = uniqueNamespace("group-main");
    ordersNs = uniqueNamespace("group-orders");
    try (Connection c = connect()) {
      exec(
          c,
          "CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance INTEGER)",
          "CREATE TABLE orders.invoices(id INTEGER PRIMARY KEY, account_id INTEGER)");
    }
  }

  /**
   * A connection to the main namespace with the orders namespace attached as {@code orders},
   * functions installed.
   */
  Connection connect() throws SQLException {
    Connection c = connectMainOnly();
    exec(c, "ATTACH '" + attachUri(ordersNs) + "' AS orders");
    return c;
  }

  Connection connectMainOnly() throws SQLException {
    return withFunctions(open(mainNs, backendOptions()));
  }

  static Connection withFunctions(Connection c) {
    MvFunctions.register(installed().binding().functions(), JdbcHandles.dbHandle(c), WITH_GROUPS);
    return c;
  }

  String attachUri(String ns) {
    return "file:" + ns + "?vfs=mvsqlite&" + backendOptions();
  }

  static SQLException failure(Connection c, String sql) {
    SQLException e = catchThrowableOfType(SQLException.class, () -> exec(c, sql));
    assertThat((Throwable) e).as("%s fails", sql).isNotNull();
    return e;
  }

  static long accounts(Connection c) throws SQLException {
    return queryLong(c, "SELECT count(*) FROM main.accounts");
  }

  static long invoices(Connection c) throws SQLException {
    return queryLong(c, "SELECT count(*) FROM orders.invoices");
  }

  @Test
  void theIssuesExampleCommitsBothDatabasesAtOnce() throws Exception {
    try (Connection c = connectMainOnly();
        Connection observer = connect()) {
      exec(c, "ATTACH '" + attachUri(ordersNs) + "' AS orders");
      exec(c, "SELECT mv_commit_group_begin()");
      exec(c, "BEGIN", "INSERT INTO main.accounts(id, balance) VALUES (1, 100)", "COMMIT");
      exec(c, "BEGIN", "INSERT INTO orders.invoices(id, account_id) VALUES (1, 1)", "COMMIT");
      assertThat(accounts(observer)).as("staged, invisible to others").isZero();
      assertThat(invoices(observer)).as("staged, invisible to others").isZero();

      String version = queryString(c, "SELECT mv_commit_group_commit('main')");

      assertThat(version).matches("[0-9a-f]{20}");
      assertThat(accounts(observer)).isEqualTo(1);
      assertThat(invoices(observer)).isEqualTo(1);
      assertThat(queryLong(c, "SELECT balance FROM main.accounts WHERE id = 1")).isEqualTo(100);
      assertThat(queryLong(c, "SELECT account_id FROM orders.invoices WHERE id = 1")).isEqualTo(1);
      assertThat(queryString(observer, "SELECT mv_last_known_version('main')"))
          .as("both at the group's version")
          .isEqualTo(version)
          .isEqualTo(queryString(observer, "SELECT mv_last_known_version('orders')"));
      assertIntact(c);
      assertIntact(observer);
    }
  }

  @Test
  void aConflictInOneDatabaseCommitsNothingAndIsBusySnapshot() throws Exception {
    try (Connection c = connect();
        Connection other = connect()) {
      exec(c, "INSERT INTO accounts VALUES (1, 100)");
      exec(c, "SELECT mv_commit_group_begin()");
      exec(c, "BEGIN", "UPDATE main.accounts SET balance = balance - 10 WHERE id = 1", "COMMIT");
      exec(c, "BEGIN", "INSERT INTO orders.invoices VALUES (1, 1)", "COMMIT");
      exec(other, "UPDATE accounts SET balance = 500 WHERE id = 1");

      SQLException e = failure(c, "SELECT mv_commit_group_commit('orders')");

      assertThat(resultCode(e))
          .as("SQLITE_BUSY_SNAPSHOT")
          .isEqualTo(SqliteCodes.SQLITE_BUSY_SNAPSHOT);
      assertThat(e.getMessage())
          .contains("mv_commit_group_commit: commit group conflict", "nothing of the group");
      for (Connection x : List.of(c, other)) {
        assertThat(queryLong(x, "SELECT balance FROM accounts WHERE id = 1")).isEqualTo(500);
        assertThat(invoices(x)).as("the other database did not change either").isZero();
      }
      exec(c, "INSERT INTO orders.invoices VALUES (2, 1)");
      assertThat(invoices(other)).as("the group is over: commits are ordinary again").isEqualTo(1);
      assertIntact(c);
    }
  }

  @Test
  void rollbackDiscardsEveryStagedTransaction() throws Exception {
    try (Connection c = connect();
        Connection observer = connect()) {
      exec(c, "SELECT mv_commit_group_begin()");
      exec(c, "BEGIN", "INSERT INTO accounts VALUES (1, 100)", "COMMIT");
      exec(c, "INSERT INTO orders.invoices VALUES (1, 1)");
      assertThat(queryColumn(c, "SELECT mv_commit_group_rollback('orders')"))
          .containsExactly((String) null);

      for (Connection x : List.of(c, observer)) {
        assertThat(accounts(x)).isZero();
        assertThat(invoices(x)).isZero();
      }
      exec(c, "INSERT INTO accounts VALUES (2, 7)");
      assertThat(queryLong(observer, "SELECT balance FROM accounts")).isEqualTo(7);
      assertIntact(c);
    }
  }

  @Test
  void aNewTransactionOnAStagedDatabaseIsRefusedUntilTheGroupEnds() throws Exception {
    try (Connection c = connect()) {
      exec(c, "SELECT mv_commit_group_begin()");
      exec(c, "INSERT INTO accounts VALUES (1, 100)");

      SQLException e = failure(c, "SELECT count(*) FROM accounts");

      assertThat(resultCode(e) & 0xff).as("SQLITE_LOCKED").isEqualTo(SqliteCodes.SQLITE_LOCKED);
      assertThat(lastError())
          .contains(
              "has a transaction staged in this connection's open commit group",
              "mv_commit_group_commit");
      assertThat(invoices(c)).as("the other database is still usable").isZero();
      exec(c, "INSERT INTO orders.invoices VALUES (1, 1)");
      failure(c, "INSERT INTO orders.invoices VALUES (2, 1)");

      exec(c, "SELECT mv_commit_group_commit('main')");
      assertThat(accounts(c)).isEqualTo(1);
      assertThat(invoices(c)).isEqualTo(1);
    }
  }

  @Test
  void readOnlyMembersAreCheckedSoCrossDatabaseWriteSkewIsRejected() throws Exception {
    try (Connection setup = connect()) {
      exec(
          setup, "INSERT INTO accounts VALUES (1, 0)", "INSERT INTO orders.invoices VALUES (1, 0)");
    }
    try (Connection t1 = connect();
        Connection t2 = connect()) {
      // T1 reads orders and writes main; T2 reads main and writes orders: each invariant check
      // passes alone.
      exec(t1, "SELECT mv_commit_group_begin()");
      exec(t2, "SELECT mv_commit_group_begin()");
      exec(t1, "BEGIN");
      assertThat(queryLong(t1, "SELECT account_id FROM orders.invoices WHERE id = 1")).isZero();
      exec(t1, "UPDATE main.accounts SET balance = 1 WHERE id = 1", "COMMIT");
      exec(t2, "BEGIN");
      assertThat(queryLong(t2, "SELECT balance FROM main.accounts WHERE id = 1")).isZero();
      exec(t2, "UPDATE orders.invoices SET account_id = 1 WHERE id = 1", "COMMIT");

      assertThat(queryString(t1, "SELECT mv_commit_group_commit('main')")).matches("[0-9a-f]{20}");
      SQLException e = failure(t2, "SELECT mv_commit_group_commit('main')");

      assertThat(resultCode(e)).isEqualTo(SqliteCodes.SQLITE_BUSY_SNAPSHOT);
      assertThat(queryLong(t2, "SELECT balance FROM main.accounts")).isEqualTo(1);
      assertThat(queryLong(t2, "SELECT account_id FROM orders.invoices"))
          .as("T2 wrote nothing")
          .isZero();
    }
  }

  @Test
  void twoSkewedGroupsCommittingAtOnceNeverBothSucceed() throws Exception {
    try (Connection setup = connect()) {
      exec(
          setup, "INSERT INTO accounts VALUES (1, 0)", "INSERT INTO orders.invoices VALUES (1, 0)");
    }
    try (Connection t1 = connect();
        Connection t2 = connect()) {
      exec(t1, "SELECT mv_commit_group_begin()", "BEGIN");
      queryLong(t1, "SELECT account_id FROM orders.invoices WHERE id = 1");
      exec(t1, "UPDATE main.accounts SET balance = 1 WHERE id = 1", "COMMIT");
      exec(t2, "SELECT mv_commit_group_begin()", "BEGIN");
      queryLong(t2, "SELECT balance FROM main.accounts WHERE id = 1");
      exec(t2, "UPDATE orders.invoices SET account_id = 1 WHERE id = 1", "COMMIT");

      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<Integer>> outcomes = new ArrayList<>();
      try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
        for (Connection t : List.of(t1, t2)) {
          outcomes.add(
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      start.await();
                      exec(t, "SELECT mv_commit_group_commit('main')");
                      return 0;
                    } catch (SQLException e) {
                      return resultCode(e);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return -1;
                    }
                  },
                  threads));
        }
        start.countDown();
      }
      List<Integer> codes = outcomes.stream().map(CompletableFuture::join).toList();
      assertThat(codes).containsExactlyInAnyOrder(0, SqliteCodes.SQLITE_BUSY_SNAPSHOT);
      long balance = queryLong(t1, "SELECT balance FROM main.accounts");
      long accountId = queryLong(t1, "SELECT account_id FROM orders.invoices");
      assertThat(balance + accountId).as("exactly one of the two writes happened").isEqualTo(1);
    }
  }

  @Test
  void aGroupBelongsToTheConnectionNotToAThread() throws Exception {
    try (Connection c = connect();
        Connection observer = connect();
        ExecutorService first = Executors.newSingleThreadExecutor();
        ExecutorService second = Executors.newSingleThreadExecutor()) {
      first
          .submit(
              () -> {
                exec(c, "SELECT mv_commit_group_begin()", "INSERT INTO accounts VALUES (1, 1)");
                return null;
              })
          .get(30, TimeUnit.SECONDS);
      second
          .submit(
              () -> {
                exec(c, "INSERT INTO orders.invoices VALUES (1, 1)");
                return null;
              })
          .get(30, TimeUnit.SECONDS);
      assertThat(accounts(observer) + invoices(observer)).isZero();
      String version =
          second
              .submit(() -> queryString(c, "SELECT mv_commit_group_commit('orders')"))
              .get(30, TimeUnit.SECONDS);
      assertThat(version).matches("[0-9a-f]{20}");
      assertThat(accounts(observer)).isEqualTo(1);
      assertThat(invoices(observer)).isEqualTo(1);
      assertThat(failure(observer, "SELECT mv_commit_group_commit('main')").getMessage())
          .as("another connection has no group")
          .contains("no commit group is open on this connection");
    }
  }

  @Test
  void closingTheConnectionDiscardsItsOpenGroup() throws Exception {
    try (Connection observer = connect()) {
      try (Connection c = connect()) {
        exec(
            c,
            "SELECT mv_commit_group_begin()",
            "INSERT INTO accounts VALUES (1, 1)",
            "INSERT INTO orders.invoices VALUES (1, 1)");
        CommitGroup group = mvFile(c, "main").connection().commitGroup();
        assertThat(group).isNotNull();
        c.close();
        assertThat(group.isEnded()).isTrue();
      }
      assertThat(accounts(observer) + invoices(observer)).isZero();
      try (Connection again = connect()) {
        exec(again, "SELECT mv_commit_group_begin()", "INSERT INTO accounts VALUES (2, 2)");
        exec(again, "SELECT mv_commit_group_commit('main')");
      }
      assertThat(queryLong(observer, "SELECT id FROM accounts")).isEqualTo(2);
    }
  }

  @Test
  void misuseIsAnSqlErrorThatSaysWhatIsWrong() throws Exception {
    try (Connection c = connect()) {
      exec(c, "ATTACH ':memory:' AS mem", "CREATE TEMP TABLE scratch(x)");
      assertThat(failure(c, "SELECT mv_commit_group_commit('main')").getMessage())
          .contains("mv_commit_group_commit: no commit group is open on this connection");
      assertThat(failure(c, "SELECT mv_commit_group_rollback('main')").getMessage())
          .contains("mv_commit_group_rollback: no commit group is open");
      exec(c, "BEGIN");
      queryLong(c, "SELECT count(*) FROM accounts");
      assertThat(failure(c, "SELECT mv_commit_group_begin()").getMessage())
          .contains("mv_commit_group_begin: cannot begin a commit group inside a transaction");
      exec(c, "COMMIT");

      exec(c, "SELECT mv_commit_group_begin()");
      assertThat(failure(c, "SELECT mv_commit_group_begin()").getMessage())
          .contains("mv_commit_group_begin: a commit group is already open on this connection");
      assertThat(failure(c, "SELECT mv_commit_group_commit('nope')").getMessage())
          .contains("mv_commit_group_commit: no database named 'nope'");
      assertThat(failure(c, "SELECT mv_commit_group_commit('temp')").getMessage())
          .contains("'temp' is SQLite's temporary database");
      assertThat(failure(c, "SELECT mv_commit_group_commit('mem')").getMessage())
          .contains("'mem' is not an mvSQLite database");
      assertThat(failure(c, "SELECT mv_commit_group_commit(NULL)").getMessage())
          .contains("argument 1 (schema) is required, got NULL");
      assertThat(failure(c, "SELECT mv_commit_group_commit(1)").getMessage())
          .contains("argument 1 (schema) must be text");
      exec(c, "BEGIN", "INSERT INTO accounts VALUES (1, 1)");
      assertThat(failure(c, "SELECT mv_commit_group_commit('main')").getMessage())
          .contains("cannot end a commit group inside a transaction");
      exec(c, "COMMIT");
      exec(c, "SELECT mv_commit_group_commit('main')");
      assertThat(accounts(c)).as("the connection still works").isEqualTo(1);
    }
  }

  @Test
  void aDatabaseAttachedAfterBeginMakesTheCommitFailAndRollsTheGroupBack() throws Exception {
    String late = uniqueNamespace("group-late");
    try (Connection c = connectMainOnly();
        Connection observer = connect()) {
      exec(c, "SELECT mv_commit_group_begin()", "INSERT INTO accounts VALUES (1, 1)");
      exec(c, "ATTACH '" + attachUri(late) + "' AS late");
      assertThat(failure(c, "SELECT mv_commit_group_commit('late')").getMessage())
          .contains("'late' is not a member of this connection's commit group");
      SQLException e = failure(c, "SELECT mv_commit_group_commit('main')");
      assertThat(e.getMessage())
          .contains(
              "[late] were attached after mv_commit_group_begin", "the group was rolled back");
      assertThat(accounts(observer)).isZero();
      assertThat(accounts(c)).isZero();
    }
  }

  @Test
  void aGroupThatOnlyReadCommitsNothingAndReturnsNull() throws Exception {
    try (Connection c = connect()) {
      exec(c, "SELECT mv_commit_group_begin()");
      assertThat(accounts(c) + invoices(c)).isZero();
      assertThat(queryColumn(c, "SELECT mv_commit_group_commit('main')"))
          .containsExactly((String) null);
      exec(c, "INSERT INTO accounts VALUES (1, 1)");
      assertThat(accounts(c)).isEqualTo(1);
    }
  }
}
