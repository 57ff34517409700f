package io.mvsqlite.client.jdbc;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Concurrent writers through the driver: page-level optimistic concurrency lets disjoint writers
 * both commit, a conflict inside an explicit transaction is an SQLSTATE 40001 that the application
 * retries, and an autocommit conflict is retried by the driver. Threads run SQLite on platform
 * threads, each with its own connection.
 */
abstract class ConcurrencyContract extends JdbcTestBase {

  /**
   * Increments per thread in the counter tests (fewer over HTTP, where each attempt costs round
   * trips).
   */
  abstract int incrementsPerThread();

  /** Transfers per thread in the bank test. */
  abstract int transfersPerThread();

  /**
   * A table of {@code rows} rows of ~200 bytes: about 35 per 8 KiB page, so distant ids are on
   * different pages.
   */
  private static void accounts(Connection c, int rows, long balance) throws SQLException {
    exec(
        c,
        "CREATE TABLE acct(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL, pad TEXT)",
        "INSERT INTO acct WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
            + rows
            + ")"
            + " SELECT i, "
            + balance
            + ", printf('%.190c', 'p') FROM n");
  }

  @Test
  void disjointWritersInExplicitTransactionsBothCommit() throws Exception {
    String ns = uniqueNamespace("disjoint");
    try (Connection a = connect(ns);
        Connection b = connect(ns)) {
      accounts(a, 2000, 100);
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      exec(a, "UPDATE acct SET balance = balance + 1 WHERE id = 1");
      exec(b, "UPDATE acct SET balance = balance + 2 WHERE id = 1990");
      b.commit();
      a.commit();
      a.setAutoCommit(true);
      b.setAutoCommit(true);
      try (Connection c = connect(ns)) {
        assertThat(queryLong(c, "SELECT balance FROM acct WHERE id = 1")).isEqualTo(101);
        assertThat(queryLong(c, "SELECT balance FROM acct WHERE id = 1990")).isEqualTo(102);
        assertThat(queryLong(c, "SELECT sum(balance) FROM acct")).isEqualTo(2000 * 100 + 3);
        assertIntact(c);
      }
    }
  }

  @Test
  void writersOfTheSameRowConflictAndTheLoserGetsSqlState40001UntilItRollsBack() throws Exception {
    String ns = uniqueNamespace("samerow");
    try (Connection a = connect(ns);
        Connection b = connect(ns)) {
      accounts(a, 100, 100);
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      exec(a, "UPDATE acct SET balance = balance + 1 WHERE id = 7");
      exec(b, "UPDATE acct SET balance = balance + 10 WHERE id = 7");
      a.commit();

      SQLException first = catchThrowableOfType(SQLException.class, b::commit);
      assertThat((Throwable) first).isInstanceOf(SQLTransactionRollbackException.class);
      assertThat(first.getSQLState()).isEqualTo("40001");
      assertThat(first.getErrorCode()).isEqualTo(5);
      assertThat(first.getMessage()).contains("commit conflict", ns);
      SQLException second = catchThrowableOfType(SQLException.class, b::commit);
      assertThat((Throwable) second).as("a second commit must not report success").isNotNull();
      assertThat(second.getSQLState()).isEqualTo("40001");
      b.rollback();

      assertThat(queryLong(b, "SELECT balance FROM acct WHERE id = 7")).isEqualTo(101);
      exec(b, "UPDATE acct SET balance = balance + 10 WHERE id = 7");
      b.commit();
      b.setAutoCommit(true);
      assertThat(queryLong(b, "SELECT balance FROM acct WHERE id = 7")).isEqualTo(111);
      assertIntact(b);
    }
  }

  @Test
  void eightAutocommitWritersOfOneCounterEndAtTheExactTotal() throws Exception {
    String ns = uniqueNamespace("counter");
    int threads = 8;
    int increments = incrementsPerThread();
    try (Connection setup = connect(ns)) {
      exec(
          setup,
          "CREATE TABLE counter(id INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
          "INSERT INTO counter VALUES (1, 0)");
    }
    AtomicLong retries = new AtomicLong();
    runConcurrently(
        threads,
        worker -> {
          try (Connection c = connect(ns);
              PreparedStatement p =
                  c.prepareStatement("UPDATE counter SET n = n + 1 WHERE id = 1")) {
            for (int i = 0; i < increments; i++) {
              assertThat(p.executeUpdate()).isEqualTo(1);
            }
            retries.addAndGet(c.unwrap(MvSqliteConnection.class).conflictRetries());
          }
        });
    try (Connection c = connect(ns)) {
      assertThat(queryLong(c, "SELECT n FROM counter")).isEqualTo((long) threads * increments);
      assertIntact(c);
    }
    System.out.printf(
        "%s: %d autocommit increments, %d conflicts retried by the driver%n",
        backendName(), threads * increments, retries.get());
    assertThat(retries.get())
        .as("8 writers of one row conflict, and the driver retried")
        .isPositive();
  }

  @Test
  void eightWritersInExplicitTransactionsWithAnApplicationRetryLoopEndAtTheExactTotal()
      throws Exception {
    String ns = uniqueNamespace("txcounter");
    int threads = 8;
    int increments = incrementsPerThread();
    try (Connection setup = connect(ns)) {
      exec(
          setup,
          "CREATE TABLE counter(id INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
          "INSERT INTO counter VALUES (1, 0)");
    }
    AtomicLong rollbacks = new AtomicLong();
    runConcurrently(
        threads,
        worker -> {
          try (Connection c = connect(ns)) {
            c.setAutoCommit(false);
            for (int i = 0; i < increments; i++) {
              while (true) {
                try {
                  long n = queryLong(c, "SELECT n FROM counter WHERE id = 1");
                  try (PreparedStatement p =
                      c.prepareStatement("UPDATE counter SET n = ? WHERE id = 1")) {
                    p.setLong(1, n + 1);
                    p.executeUpdate();
                  }
                  c.commit();
                  break;
                } catch (SQLTransactionRollbackException conflict) {
                  assertThat(conflict.getSQLState()).isEqualTo("40001");
                  c.rollback();
                  rollbacks.incrementAndGet();
                }
              }
            }
            assertThat(c.unwrap(MvSqliteConnection.class).conflictRetries())
                .as("statements inside explicit transactions are never retried by the driver")
                .isZero();
          }
        });
    try (Connection c = connect(ns)) {
      assertThat(queryLong(c, "SELECT n FROM counter")).isEqualTo((long) threads * increments);
      assertIntact(c);
    }
    System.out.printf(
        "%s: %d transactional increments, %d conflicts rolled back and rerun%n",
        backendName(), threads * increments, rollbacks.get());
    assertThat(rollbacks.get()).isPositive();
  }

  @Test
  void bankTransfersKeepTheTotalAndEverySnapshotReadSumsToIt() throws Exception {
    long seed = 20_260_131L;
    System.out.printf("%s: bank transfer seed %d%n", backendName(), seed);
    String ns = uniqueNamespace("bank");
    int accounts = 20;
    long total = accounts * 1000L;
    try (Connection setup = connect(ns)) {
      exec(
          setup,
          "CREATE TABLE acct(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL CHECK (balance >= 0))",
          "INSERT INTO acct WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
              + accounts
              + ") SELECT i, 1000 FROM n");
    }
    int writers = 4;
    int transfers = transfersPerThread();
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Long> sums = new ArrayList<>();
    List<Long> transactionSums = new ArrayList<>();
    AtomicLong conflicts = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      Future<?> reader =
          pool.submit(
              () -> {
                try (Connection c = connect(ns)) {
                  while (writing.get()) {
                    sums.add(queryLong(c, "SELECT sum(balance) FROM acct"));
                    c.setAutoCommit(false);
                    long sum = 0;
                    for (int id = 1; id <= accounts; id++) {
                      sum += queryLong(c, "SELECT balance FROM acct WHERE id = " + id);
                    }
                    c.commit();
                    c.setAutoCommit(true);
                    transactionSums.add(sum);
                  }
                }
                return null;
              });
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        Random random = new Random(seed + w);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  try (Connection c = connect(ns)) {
                    c.setAutoCommit(false);
                    for (int t = 0; t < transfers; t++) {
                      int from = 1 + random.nextInt(accounts);
                      int to = 1 + (from + random.nextInt(accounts - 1)) % accounts;
                      int wanted = 1 + random.nextInt(300);
                      while (true) {
                        try {
                          long balance =
                              queryLong(c, "SELECT balance FROM acct WHERE id = " + from);
                          long amount = Math.min(balance, wanted);
                          exec(
                              c,
                              "UPDATE acct SET balance = balance - "
                                  + amount
                                  + " WHERE id = "
                                  + from,
                              "UPDATE acct SET balance = balance + "
                                  + amount
                                  + " WHERE id = "
                                  + to);
                          c.commit();
                          break;
                        } catch (SQLTransactionRollbackException conflict) {
                          c.rollback();
                          conflicts.incrementAndGet();
                        }
                      }
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
      writing.set(false);
      reader.get(1, TimeUnit.MINUTES);
    } finally {
      writing.set(false);
      pool.shutdownNow();
    }
    try (Connection c = connect(ns)) {
      assertThat(queryLong(c, "SELECT sum(balance) FROM acct"))
          .as("seed %d", seed)
          .isEqualTo(total);
      assertThat(queryLong(c, "SELECT count(*) FROM acct WHERE balance < 0")).isZero();
      assertIntact(c);
    }
    System.out.printf(
        "%s: %d transfers, %d conflicts rerun, %d + %d snapshot reads%n",
        backendName(), writers * transfers, conflicts.get(), sums.size(), transactionSums.size());
    assertThat(sums).as("seed %d", seed).isNotEmpty().containsOnly(total);
    assertThat(transactionSums).as("seed %d", seed).containsOnly(total);
  }

  /** A task of one worker thread. */
  @FunctionalInterface
  interface Worker {
    void run(int worker) throws Exception;
  }

  /**
   * Runs {@code threads} workers on platform threads, released together, and waits for all of them.
   */
  static void runConcurrently(int threads, Worker worker) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  worker.run(id);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
