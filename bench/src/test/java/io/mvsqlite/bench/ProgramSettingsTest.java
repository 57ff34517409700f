package io.mvsqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command lines of the store benchmark, the SQL benchmark and the huge-transaction check. */
class ProgramSettingsTest {

  @Test
  void storeBenchmarkDefaultsAreTheBriefsSizesAndEveryOptionIsParsed() {
    StoreBenchmarkSettings d = StoreBenchmarkSettings.parse();
    assertThat(d).isEqualTo(StoreBenchmarkSettings.defaults());
    assertThat(d.hugePages() * (long) StoreBenchmarkSettings.PAGE_BYTES).isEqualTo(2L << 30);
    assertThat(d.readBatch()).isEqualTo(100);
    assertThat(d.concurrency()).containsExactly(1, 16);

    StoreBenchmarkSettings s =
        StoreBenchmarkSettings.parse(
            "--dir",
            "/tmp/s",
            "--pages",
            "1_000",
            "--read-batch",
            "50",
            "--commit-pages",
            "3",
            "--huge-pages",
            "0",
            "--upload-batch",
            "20",
            "--upload-concurrency",
            "4",
            "--threads",
            "2,4",
            "--transports",
            "direct",
            "--warmup-ms",
            "0",
            "--seconds",
            "0.5",
            "--runs",
            "5",
            "--sync-writes",
            "false",
            "--seed",
            "9");
    assertThat(s)
        .isEqualTo(
            new StoreBenchmarkSettings(
                Path.of("/tmp/s"),
                1000,
                50,
                3,
                0,
                20,
                4,
                List.of(2, 4),
                List.of(StoreTransport.DIRECT),
                Duration.ZERO,
                Duration.ofMillis(500),
                5,
                false,
                9));
  }

  @Test
  void sqlBenchmarkScalesItsDefaultSizesAndExplicitOptionsWin() {
    SqlBenchmarkSettings full = SqlBenchmarkSettings.parse();
    assertThat(full.pointRows()).isEqualTo(100_000);
    assertThat(full.bulkRows()).isEqualTo(1_000_000);
    assertThat(full.bulkRowsPerTransaction()).isEqualTo(10_000);
    assertThat(full.scanBytes()).isEqualTo(200L << 20);
    assertThat(full.updateClients()).isEqualTo(8);
    assertThat(full.systems()).containsExactly(SqlSystem.LOCAL, SqlSystem.HTTP, SqlSystem.DIRECT);

    SqlBenchmarkSettings quick =
        SqlBenchmarkSettings.parse(
            "--scale", "0.1", "--bulk-rows", "5000", "--systems", "local,direct");
    assertThat(quick.pointRows()).isEqualTo(10_000);
    assertThat(quick.bulkRows()).isEqualTo(5000);
    assertThat(quick.scanBytes()).isEqualTo(20L << 20);
    assertThat(quick.scanRows()).isEqualTo((20 << 20) / 1000);
    assertThat(quick.systems()).containsExactly(SqlSystem.LOCAL, SqlSystem.DIRECT);
  }

  @Test
  void hugeTransactionDefaultsAreTheSoaksAndEveryOptionIsParsed() {
    HugeTransactionSettings d = HugeTransactionSettings.parse();
    assertThat(d.bytes()).isEqualTo(2L << 30);
    assertThat(d.hold()).isEqualTo(Duration.ofMinutes(6));
    assertThat(d.transports()).containsExactly(StoreTransport.DIRECT, StoreTransport.HTTP);

    HugeTransactionSettings s =
        HugeTransactionSettings.parse(
            "--transports",
            "http",
            "--mib",
            "256",
            "--row-bytes",
            "4000",
            "--hold-seconds",
            "10",
            "--hold-mib",
            "4",
            "--server-heap",
            "1g",
            "--dir",
            "/tmp/h",
            "--result-file",
            "/tmp/h.properties",
            "--seed",
            "3");
    assertThat(s)
        .isEqualTo(
            new HugeTransactionSettings(
                Path.of("/tmp/h"),
                List.of(StoreTransport.HTTP),
                256L << 20,
                4000,
                Duration.ofSeconds(10),
                4L << 20,
                List.of("-Xmx1g"),
                Path.of("/tmp/h.properties"),
                3));
    assertThat(s.rows()).isEqualTo((256L << 20) / 4000);
  }

  @Test
  void badOptionsAreRejectedNamingTheOption() {
    assertThatThrownBy(() -> StoreBenchmarkSettings.parse("--pages"))
        .hasMessageContaining("missing value for --pages");
    assertThatThrownBy(() -> StoreBenchmarkSettings.parse("--read-batch", "500"))
        .hasMessageContaining("readBatch");
    assertThatThrownBy(() -> StoreBenchmarkSettings.parse("--transports", "smoke"))
        .hasMessageContaining("http or direct");
    assertThatThrownBy(() -> SqlBenchmarkSettings.parse("--scale", "big"))
        .hasMessageContaining("--scale");
    assertThatThrownBy(() -> SqlBenchmarkSettings.parse("--systems", "oracle"))
        .hasMessageContaining("local, http");
    assertThatThrownBy(() -> SqlBenchmarkSettings.parse("--update-clients", "1"))
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> HugeTransactionSettings.parse("--frobnicate", "1"))
        .hasMessageContaining("--frobnicate");
    assertThatThrownBy(() -> HugeTransactionSettings.parse("--mib", "1", "--mib", "2"))
        .hasMessageContaining("given twice");
  }
}
