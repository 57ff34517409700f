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
 * The SQL benchmark end to end with tiny sizes on all three systems: every figure is taken, every
 * target is checked and the report is complete. It checks the harness, not the speed: PASS or MISS
 * are both fine here.
 */
class SqlBenchmarkSmokeTest {

  @Test
  void everyFigureOfEverySystemIsTakenAndEveryTargetChecked(@TempDir Path dir) throws Exception {
    SqlBenchmarkSettings settings =
        new SqlBenchmarkSettings(
            dir,
            0.001,
            List.of(SqlSystem.LOCAL, SqlSystem.HTTP, SqlSystem.DIRECT),
            Duration.ZERO,
            Duration.ofMillis(150),
            1,
            500,
            20,
            3000,
            1000,
            100,
            300_000,
            1000,
            3,
            20,
            11);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    SqlBenchmarkResult result =
        SqlBenchmark.run(settings, new PrintStream(progress, true, StandardCharsets.UTF_8));

    for (SqlSystem s : SqlSystem.values()) {
      for (SqlMetric m : SqlMetric.values()) {
        boolean applies =
            s.isMvSqlite() || (m != SqlMetric.REWRITTEN_SCAN && m != SqlMetric.OLD_VERSION_SCAN);
        if (!applies) {
          assertThat(result.find(s, m)).as("%s %s", s, m).isEmpty();
        } else if (m == SqlMetric.UPDATE_ABORTS) {
          assertThat(result.find(s, m).orElseThrow().value())
              .as("%s %s", s, m)
              .isBetween(0.0, 100.0);
        } else {
          assertThat(result.find(s, m).orElseThrow().value()).as("%s %s", s, m).isPositive();
        }
      }
    }
    assertThat(
            result
                .find(SqlSystem.HTTP, SqlMetric.POINT_READS)
                .orElseThrow()
                .layers()
                .of(TimedPageStore.Call.STAT)
                .calls())
        .as("every read transaction takes a snapshot")
        .isPositive();
    assertThat(
            result
                .find(SqlSystem.DIRECT, SqlMetric.COLD_SCAN)
                .orElseThrow()
                .layers()
                .of(TimedPageStore.Call.READ)
                .pages())
        .as("a cold scan reads the table's pages")
        .isGreaterThan(30);
    assertThat(result.checks()).hasSize(2 * 7);
    assertThat(result.table())
        .contains(
            "warm point reads",
            "cold full scan",
            "old-version scan time",
            "breakdown per transaction")
        .containsAnyOf("PASS", "MISS");
    assertThat(dir).isEmptyDirectory();
  }
}
