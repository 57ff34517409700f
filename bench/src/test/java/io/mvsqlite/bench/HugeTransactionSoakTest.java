package io.mvsqlite.bench;

import static io.mvsqlite.bench.HugeTransactionRun.longValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The huge-transaction soak (client issue, item 5), run on request only ({@code
 * -Dtest.excluded.groups=none}): with the client JVM's heap capped at 512 MiB, ONE SQLite
 * transaction writes 2 GiB of blob rows through mvSQLite in direct mode and over HTTP to an mvstore
 * in another process, commits, and reads back intact (count, every row, CRC-32C); and a transaction
 * kept open for 6 minutes, then committed, succeeds. The child's output and GC log stay in the
 * test's temporary directory while it runs; the report is printed.
 */
@Tag("soak")
class HugeTransactionSoakTest {

  @Test
  void twoGibibytesInOneTransactionWithA512MibHeapAndASixMinuteTransaction(@TempDir Path dir)
      throws Exception {
    Properties r =
        HugeTransactionRun.run(
            dir,
            "512m",
            Duration.ofMinutes(90),
            "--transports",
            "direct,http",
            "--mib",
            "2048",
            "--hold-seconds",
            "360");

    assertThat(r.getProperty("verified")).isEqualTo("true");
    for (String t : new String[] {"direct", "http"}) {
      String k = "huge." + t + ".";
      assertThat(longValue(r, k + "maxHeapBytes")).isLessThanOrEqualTo(512L << 20);
      assertThat(longValue(r, k + "bytes")).isGreaterThanOrEqualTo(2047L << 20);
      assertThat(r.getProperty(k + "crcMatches")).isEqualTo("true");
      assertThat(longValue(r, k + "pagesUploaded"))
          .isGreaterThan(longValue(r, k + "pagesCommitted") * 9 / 10);
      assertThat(r.getProperty("held." + t + ".verified")).isEqualTo("true");
      assertThat(Double.parseDouble(r.getProperty("held." + t + ".heldSeconds")))
          .isGreaterThanOrEqualTo(360.0);
    }
  }
}
