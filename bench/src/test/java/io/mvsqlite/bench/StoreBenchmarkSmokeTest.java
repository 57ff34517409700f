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
 * The store benchmark end to end with tiny sizes: a real mvstore on loopback and the engine
 * in-process, the KV baseline, every measurement and the bulk commits. It checks the harness, not
 * the speed.
 */
class StoreBenchmarkSmokeTest {

  @Test
  void everyWorkloadIsMeasuredOverBothTransportsWithTheKvBaseline(@TempDir Path dir) {
    StoreBenchmarkSettings settings =
        new StoreBenchmarkSettings(
            dir,
            300,
            50,
            2,
            450,
            100,
            3,
            List.of(1, 3),
            List.of(StoreTransport.HTTP, StoreTransport.DIRECT),
            Duration.ZERO,
            Duration.ofMillis(150),
            1,
            false,
            7);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    StoreBenchmarkResult result =
        StoreBenchmark.run(settings, new PrintStream(progress, true, StandardCharsets.UTF_8));

    for (StoreTransport t : StoreTransport.values()) {
      for (StoreWorkload w : StoreWorkload.values()) {
        for (int threads : List.of(1, 3)) {
          StoreMeasurement m = result.find(t, w, threads).orElseThrow();
          assertThat(m.medianPerSecond()).as("%s %s x%d", t, w, threads).isPositive();
          assertThat(m.conflicts()).as("writers own their pages").isZero();
          assertThat(result.fractionOfKv(t, w, threads))
              .get()
              .satisfies(f -> assertThat(f).isPositive());
        }
      }
    }
    assertThat(result.bulkCommits())
        .extracting(StoreBenchmarkResult.BulkCommit::purpose)
        .containsExactly(
            "load of the read namespace",
            "huge commit",
            "load of the read namespace",
            "huge commit");
    assertThat(result.bulkCommits())
        .allSatisfy(
            b -> {
              assertThat(b.uploadSeconds()).isPositive();
              assertThat(b.commitSeconds()).isPositive();
            });
    assertThat(result.bulkCommits().get(1).pages()).isEqualTo(450);
    assertThat(result.kvBulkSeconds()).as("the huge commit's KV counterpart").isPositive();
    assertThat(result.table())
        .contains(
            "pages read, batches of 50",
            "small commits, 2 pages inline",
            "http/KV",
            "direct/KV",
            "huge commit",
            "commits/s",
            "KV s / total s");
    assertThat(dir).isEmptyDirectory();
  }
}
