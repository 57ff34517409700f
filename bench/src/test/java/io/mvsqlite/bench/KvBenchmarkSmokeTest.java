package io.mvsqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness end to end on a real embedded store, with a tiny schedule. It checks that
 * every measurement is taken and the table is complete, not how fast anything is.
 */
class KvBenchmarkSmokeTest {

  @Test
  void everyWorkloadIsMeasuredAtEveryConcurrencyInEveryMode(@TempDir Path dir) {
    BenchmarkSettings settings =
        new BenchmarkSettings(
            dir,
            2_000,
            100,
            Duration.ZERO,
            Duration.ofMillis(150),
            1,
            List.of(1, 4),
            10,
            100,
            List.of(StoreMode.STRICT, StoreMode.RELAXED),
            false,
            5);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    KvBenchmarkResult result =
        KvBenchmark.runOnRocksDb(settings, new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(result.measurements()).hasSize(Workload.values().length * 2 * 2);
    for (Workload w : Workload.values()) {
      for (int threads : List.of(1, 4)) {
        for (StoreMode mode : StoreMode.values()) {
          assertThat(result.medianPerSecond(w, threads, mode))
              .as("%s x%d %s", w, threads, mode)
              .isPositive();
        }
      }
    }
    assertThat(result.backend()).startsWith("rocksdb");
    assertThat(result.table())
        .contains(
            "point read, 1 per txn",
            "range read (100 keys)",
            "small commit",
            "strict",
            "relaxed",
            "commits/s");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("loaded 2,000 keys");
    double kv = result.medianPerSecond(Workload.POINT_READ, 1, StoreMode.STRICT);
    assertThat(result.fractionOf(kv / 2, Workload.POINT_READ, 1, StoreMode.STRICT)).isEqualTo(0.5);
  }
}
