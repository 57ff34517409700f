package io.mvsqlite.client.vfs;

import static io.mvsqlite.client.MvTestDatabases.*;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_BUSY;
import static io.mvsqlite.protocol.SqliteCodes.primary;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random transactions of two connections on one namespace, checked against an in-memory model: a
 * transaction that commits applies its writes in commit order, one that conflicts (SQLITE_BUSY) or
 * rolls back applies nothing. SQLite's cache is tiny, so transactions spill and roll back through
 * the journal. Fixed seed, printed on failure.
 */
class ModelCheckTest extends DirectModeFixture {

  private static final long SEED = 0x5EED_2026L;
  private static final int STEPS = 400;
  private static final int KEYS = 300;

  /** One connection with its open transaction's pending writes (null value = delete). */
  private static final class Client {
    final Connection c;
    final Map<Integer, String> pending = new HashMap<>();
    boolean inTransaction;

    Client(Connection c) {
      this.c = c;
    }
  }

  @Test
  void randomConcurrentTransactionsMatchTheModel() throws Exception {
    String ns = uniqueNamespace("model");
    TreeMap<Integer, String> model = new TreeMap<>();
    Random random = new Random(SEED);
    int commits = 0;
    int conflicts = 0;
    int rollbacks = 0;
    try (Connection a = open(ns);
        Connection b = open(ns);
        Connection check = open(ns)) {
      exec(a, "CREATE TABLE kv(k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
      exec(a, "PRAGMA cache_size = 8");
      exec(b, "PRAGMA cache_size = 8");
      Client[] clients = {new Client(a), new Client(b)};
      for (int step = 0; step < STEPS; step++) {
        Client cl = clients[random.nextInt(2)];
        int action = random.nextInt(100);
        String context = "seed " + SEED + ", step " + step;
        if (!cl.inTransaction) {
          exec(cl.c, "BEGIN");
          cl.inTransaction = true;
        }
        if (action < 70) {
          int k = random.nextInt(KEYS);
          if (random.nextInt(4) == 0) {
            exec(cl.c, "DELETE FROM kv WHERE k = " + k);
            cl.pending.put(k, null);
          } else {
            String v =
                step + ":" + Long.toHexString(random.nextLong()) + "x".repeat(random.nextInt(600));
            try (PreparedStatement p =
                cl.c.prepareStatement("INSERT OR REPLACE INTO kv VALUES (?, ?)")) {
              p.setInt(1, k);
              p.setString(2, v);
              p.executeUpdate();
            }
            cl.pending.put(k, v);
          }
        } else if (action < 90) {
          try {
            exec(cl.c, "COMMIT");
            for (Map.Entry<Integer, String> e : cl.pending.entrySet()) {
              if (e.getValue() == null) {
                model.remove(e.getKey());
              } else {
                model.put(e.getKey(), e.getValue());
              }
            }
            commits++;
          } catch (SQLException e) {
            assertThat(primary(resultCode(e))).as(context).isEqualTo(SQLITE_BUSY);
            exec(cl.c, "ROLLBACK");
            conflicts++;
          }
          cl.pending.clear();
          cl.inTransaction = false;
          assertThat(contents(check)).as(context).isEqualTo(model);
        } else {
          exec(cl.c, "ROLLBACK");
          cl.pending.clear();
          cl.inTransaction = false;
          rollbacks++;
        }
      }
      for (Client cl : clients) {
        if (cl.inTransaction) {
          exec(cl.c, "ROLLBACK");
        }
      }
      assertThat(contents(check)).as("seed %d at the end", SEED).isEqualTo(model);
      assertIntact(check);
      assertThat(mvFile(a, "main").commitsAtUnlock() + mvFile(b, "main").commitsAtUnlock())
          .as("every commit at its sync point")
          .isZero();
    }
    System.out.printf(
        "model check: %d commits, %d conflicts, %d rollbacks (seed %d)%n",
        commits, conflicts, rollbacks, SEED);
    assertThat(commits).isGreaterThan(20);
    assertThat(conflicts).isGreaterThan(0);
  }

  private static TreeMap<Integer, String> contents(Connection c) throws SQLException {
    TreeMap<Integer, String> out = new TreeMap<>();
    try (var s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT k, v FROM kv")) {
      while (r.next()) {
        out.put(r.getInt(1), r.getString(2));
      }
    }
    return out;
  }
}
