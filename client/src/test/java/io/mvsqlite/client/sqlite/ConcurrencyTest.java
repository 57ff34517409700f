package io.mvsqlite.client.sqlite;

import static io.mvsqlite.client.sqlite.TestDatabases.assertIntact;
import static io.mvsqlite.client.sqlite.TestDatabases.exec;
import static io.mvsqlite.client.sqlite.TestDatabases.open;
import static io.mvsqlite.client.sqlite.TestDatabases.queryLong;
import static io.mvsqlite.client.sqlite.TestDatabases.registeredMemoryVfs;
import static io.mvsqlite.client.sqlite.TestDatabases.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.vfs.MemoryVfs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Upcalls from several platform threads at once, on separate connections to one Java-VFS database.
 */
class ConcurrencyTest {

  private static final int THREADS = 4;
  private static final int INSERTS_PER_THREAD = 200;

  @Test
  void concurrentAutocommitInsertsFromSeparateConnectionsAreAllKept() throws Exception {
    MemoryVfs vfs = registeredMemoryVfs();
    String file = unique("concurrent") + ".db";
    try (Connection setup = open(vfs.name(), file)) {
      exec(setup, "CREATE TABLE t(thread INTEGER, n INTEGER)");
    }

    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int thread = 0; thread < THREADS; thread++) {
        int id = thread;
        results.add(
            pool.submit(
                () -> {
                  try (Connection connection = open(vfs.name(), file);
                      PreparedStatement insert =
                          connection.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                    exec(connection, "PRAGMA busy_timeout = 30000");
                    start.await();
                    for (int n = 0; n < INSERTS_PER_THREAD; n++) {
                      insert.setInt(1, id);
                      insert.setInt(2, n);
                      insert.executeUpdate();
                    }
                    return INSERTS_PER_THREAD;
                  }
                }));
      }
      start.countDown();
      int inserted = 0;
      for (Future<Integer> result : results) {
        inserted += result.get(2, TimeUnit.MINUTES);
      }
      assertThat(inserted).isEqualTo(THREADS * INSERTS_PER_THREAD);
    } finally {
      pool.shutdownNow();
    }

    try (Connection check = open(vfs.name(), file)) {
      assertThat(queryLong(check, "SELECT count(*) FROM t"))
          .isEqualTo(THREADS * INSERTS_PER_THREAD);
      assertThat(queryLong(check, "SELECT count(DISTINCT thread * 1000 + n) FROM t"))
          .isEqualTo(THREADS * INSERTS_PER_THREAD);
      assertIntact(check);
    }
  }

  @Test
  void upcallsRunOnVirtualThreadsToo() throws Exception {
    MemoryVfs vfs = registeredMemoryVfs();
    try (ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Long>> sums = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        String file = unique("virtual") + ".db";
        sums.add(
            virtualThreads.submit(
                () -> {
                  try (Connection connection = open(vfs.name(), file)) {
                    exec(connection, "CREATE TABLE t(v)", "INSERT INTO t VALUES (20), (22)");
                    assertIntact(connection);
                    return queryLong(connection, "SELECT sum(v) FROM t");
                  }
                }));
      }
      for (Future<Long> sum : sums) {
        assertThat(sum.get(1, TimeUnit.MINUTES)).isEqualTo(42);
      }
    }
    assertThat(vfs.fileNames()).hasSize(8);
  }
}
