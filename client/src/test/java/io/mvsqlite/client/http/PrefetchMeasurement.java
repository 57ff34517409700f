package io.mvsqlite.client.http;

import static io.mvsqlite.client.MvTestDatabases.*;

import io.mvsqlite.client.MvTestDatabases;
import io.mvsqlite.client.txn.PrefetchMetrics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures whether prefetch pays (the numbers in docs/client.md): cold-cache workloads over HTTP to
 * a real mvstore and in direct mode, for several prefetch depths. A measurement, not a test (tag
 * "soak", excluded by default). Run: {@code mvnl -pl client test -Dtest=PrefetchMeasurement
 * -Dtest.excluded.groups=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("soak")
class PrefetchMeasurement {

  private static final int[] DEPTHS = {0, 4, 8, 16, 32};
  private static final int RUNS = 5;
  private static final long SEED = 20261127;

  @TempDir Path dir;

  interface Workload {
    void run(Connection c) throws Exception;
  }

  private static Map<String, Workload> workloads() {
    Map<String, Workload> w = new LinkedHashMap<>();
    w.put("seq_scan", c -> queryLong(c, "SELECT sum(length(v)) FROM t"));
    w.put(
        "rev_scan",
        c -> {
          try (var s = c.createStatement();
              ResultSet r = s.executeQuery("SELECT id, v FROM t ORDER BY id DESC")) {
            while (r.next()) {
              r.getString(2);
            }
          }
        });
    w.put(
        "idx_range",
        c ->
            queryLong(
                c, "SELECT count(*), sum(length(v)) FROM t WHERE k BETWEEN 'k2000' AND 'k6000'"));
    w.put(
        "point_lookup",
        c -> {
          Random random = new Random(SEED);
          exec(c, "BEGIN");
          try (PreparedStatement p = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
            for (int i = 0; i < 2000; i++) {
              p.setInt(1, 1 + random.nextInt(20_000));
              try (ResultSet r = p.executeQuery()) {
                r.next();
              }
            }
          }
          exec(c, "COMMIT");
        });
    w.put(
        "index_probe",
        c -> {
          Random random = new Random(SEED + 1);
          exec(c, "BEGIN");
          try (PreparedStatement p = c.prepareStatement("SELECT id FROM t WHERE k = ?")) {
            for (int i = 0; i < 2000; i++) {
              p.setString(1, "k" + (1 + random.nextInt(20_000)));
              try (ResultSet r = p.executeQuery()) {
                r.next();
              }
            }
          }
          exec(c, "COMMIT");
        });
    return w;
  }

  @Test
  void measure() throws Exception {
    try (TestMvstore server = TestMvstore.start(dir.resolve("server"), c -> c)) {
      report("HTTP (loopback mvstore)", "dataPlane=" + server.url());
    }
    report("direct mode (embedded store)", "store=" + dir.resolve("direct") + "&autoCreate=1");
  }

  private void report(String title, String backend) throws Exception {
    String ns = uniqueNamespace("prefetch");
    try (Connection c = MvTestDatabases.open(ns, backend)) {
      exec(
          c,
          "CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT, v TEXT)",
          "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
              + " SELECT i, 'k' || i, hex(randomblob(100)) FROM n",
          "CREATE INDEX t_k ON t(k)");
    }
    for (Workload w : workloads().values()) {
      for (int depth : DEPTHS) {
        try (Connection c = MvTestDatabases.open(ns, backend + "&prefetchDepth=" + depth)) {
          w.run(c);
        }
      }
    }
    System.out.println(
        "== "
            + title
            + ": median of "
            + RUNS
            + " cold runs after a warm-up: ms / read round trips"
            + " / pages predicted / hit rate");
    System.out.println(
        String.format("%-13s", "workload")
            + Arrays.stream(DEPTHS)
                .mapToObj(d -> String.format("%22s", "depth " + d))
                .reduce("", String::concat));
    for (Map.Entry<String, Workload> w : workloads().entrySet()) {
      StringBuilder line = new StringBuilder(String.format("%-13s", w.getKey()));
      for (int depth : DEPTHS) {
        List<Long> times = new ArrayList<>();
        PrefetchMetrics metrics = null;
        long trips = 0;
        for (int run = 0; run < RUNS; run++) {
          try (Connection c = MvTestDatabases.open(ns, backend + "&prefetchDepth=" + depth)) {
            long start = System.nanoTime();
            w.getValue().run(c);
            times.add((System.nanoTime() - start) / 1_000_000);
            metrics = mvFile(c, "main").connection().prefetchMetrics();
            trips = mvFile(c, "main").connection().readRequests();
          }
        }
        times.sort(null);
        line.append(
            String.format(
                "%7d/%4d/%5d/%.2f",
                times.get(RUNS / 2), trips, metrics.predictionsMade(), metrics.hitRate()));
      }
      System.out.println(line);
    }
  }
}
