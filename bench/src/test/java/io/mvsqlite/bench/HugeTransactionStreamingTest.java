package io.mvsqlite.bench;

import static io.mvsqlite.bench.HugeTransactionRun.longValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small, every-build variant of the huge-transaction soak: one transaction writing twice the
 * client's heap (200 MiB of blobs with {@code -Xmx96m}) in direct mode and over HTTP to an mvstore
 * in another process commits and reads back intact, which only works if dirty pages stream out to
 * the store while SQLite writes; and a transaction kept open for 10 s, with background uploads
 * under a lease, commits (the soak holds one for 6 minutes, past many lease renewals).
 */
class HugeTransactionStreamingTest {

  @Test
  void aTransactionTwiceTheHeapStreamsItsPagesOutAndCommitsIntact(@TempDir Path dir)
      throws Exception {
    Properties r =
        HugeTransactionRun.run(
            dir,
            "96m",
            Duration.ofMinutes(10),
            "--transports",
            "direct,http",
            "--mib",
            "200",
            "--hold-seconds",
            "10",
            "--hold-mib",
            "12");

    assertThat(r.getProperty("verified")).isEqualTo("true");
    for (String t : new String[] {"direct", "http"}) {
      String k = "huge." + t + ".";
      assertThat(longValue(r, k + "maxHeapBytes"))
          .as("the heap cap applied")
          .isLessThanOrEqualTo(96L << 20);
      assertThat(longValue(r, k + "bytes"))
          .isGreaterThanOrEqualTo(2 * longValue(r, k + "maxHeapBytes"));
      assertThat(r.getProperty(k + "crcMatches")).isEqualTo("true");
      assertThat(longValue(r, k + "rowsRead")).isEqualTo(longValue(r, k + "rows"));
      long committed = longValue(r, k + "pagesCommitted");
      assertThat(committed)
          .as("one 8000-byte row per 8 KiB page")
          .isGreaterThan(longValue(r, k + "rows"));
      assertThat(longValue(r, k + "pagesUploaded"))
          .as("pages streamed out before the commit")
          .isGreaterThan(committed * 9 / 10);
      assertThat(r.getProperty(k + "leased")).isEqualTo("true");
      assertThat(r.getProperty("held." + t + ".verified")).isEqualTo("true");
      assertThat(r.getProperty("held." + t + ".leased")).isEqualTo("true");
      assertThat(Double.parseDouble(r.getProperty("held." + t + ".heldSeconds")))
          .isGreaterThanOrEqualTo(10.0);
    }
  }
}
