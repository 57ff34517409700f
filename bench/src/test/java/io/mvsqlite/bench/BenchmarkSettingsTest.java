package io.mvsqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkSettingsTest {

  @Test
  void noArgumentsGiveTheDefaults() {
    assertThat(BenchmarkSettings.parse()).isEqualTo(BenchmarkSettings.defaults());
    assertThat(BenchmarkSettings.defaults().concurrency()).containsExactly(1, 16);
    assertThat(BenchmarkSettings.defaults().runs()).isEqualTo(3);
  }

  @Test
  void everyOptionIsParsed() {
    BenchmarkSettings s =
        BenchmarkSettings.parse(
            "--dir",
            "/tmp/x",
            "--keys",
            "1_000",
            "--value-bytes",
            "50",
            "--warmup-ms",
            "250",
            "--seconds",
            "2",
            "--runs",
            "5",
            "--threads",
            "1, 4,8",
            "--batch",
            "10",
            "--range",
            "20",
            "--mode",
            "relaxed",
            "--sync-writes",
            "false",
            "--seed",
            "99");

    assertThat(s)
        .isEqualTo(
            new BenchmarkSettings(
                Path.of("/tmp/x"),
                1_000,
                50,
                Duration.ofMillis(250),
                Duration.ofSeconds(2),
                5,
                List.of(1, 4, 8),
                10,
                20,
                List.of(StoreMode.RELAXED),
                false,
                99));
  }

  @Test
  void badInputIsRejectedNamingTheOption() {
    assertThatThrownBy(() -> BenchmarkSettings.parse("--keys"))
        .hasMessageContaining("missing value for --keys");
    assertThatThrownBy(() -> BenchmarkSettings.parse("--keys", "many"))
        .hasMessageContaining("--keys");
    assertThatThrownBy(() -> BenchmarkSettings.parse("--frobnicate", "1"))
        .hasMessageContaining("--frobnicate");
    assertThatThrownBy(() -> BenchmarkSettings.parse("--mode", "lax"))
        .hasMessageContaining("--mode");
    assertThatThrownBy(() -> BenchmarkSettings.parse("--threads", "0"))
        .hasMessageContaining("thread counts");
    assertThatThrownBy(() -> BenchmarkSettings.parse("--keys", "10", "--range", "100"))
        .hasMessageContaining("rangeKeys");
    assertThatThrownBy(() -> BenchmarkSettings.parse("--sync-writes", "yes"))
        .hasMessageContaining("--sync-writes");
  }

  @Test
  void medianIsTheMiddleRunOrTheMeanOfTheMiddleTwo() {
    assertThat(
            new Measurement(Workload.POINT_READ, 1, StoreMode.STRICT, List.of(5.0, 1.0, 3.0))
                .medianPerSecond())
        .isEqualTo(3.0);
    assertThat(
            new Measurement(Workload.POINT_READ, 1, StoreMode.STRICT, List.of(4.0, 1.0, 2.0, 8.0))
                .medianPerSecond())
        .isEqualTo(3.0);
  }
}
