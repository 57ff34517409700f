package io.mvsqlite.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The parameters of {@link HugeTransactionCheck}. Immutable.
 *
 * @param dir working directory (stores are created under it and deleted afterwards), or {@code
 *     null} for a temporary one
 * @param transports where the pages go: direct mode in this JVM, and/or HTTP to an mvstore in a
 *     child JVM
 * @param bytes bytes of blob data the huge transaction writes
 * @param rowBytes bytes of each blob row
 * @param hold how long the long-lived transaction stays open before it commits; zero skips it
 * @param holdBytes bytes the long-lived transaction writes before it waits (enough to start
 *     background uploads under a lease), plus one row per {@link HugeTransactionCheck#HOLD_TICK}
 *     while it waits
 * @param serverJvmOptions options of the mvstore child JVM (HTTP only)
 * @param resultFile where to write the result as properties (for a parent process), or {@code null}
 * @param seed seed of the blob contents
 */
public record HugeTransactionSettings(
    Path dir,
    List<StoreTransport> transports,
    long bytes,
    int rowBytes,
    Duration hold,
    long holdBytes,
    List<String> serverJvmOptions,
    Path resultFile,
    long seed) {

  static final String USAGE =
      """
      usage: HugeTransactionCheck [options]      (run it with the heap cap to prove, e.g. java -Xmx512m ...)
        --transports T,U   direct and/or http (default direct,http; http talks to an mvstore in a child JVM)
        --mib N            MiB of blob rows written by the one huge transaction (default 2048)
        --row-bytes N      bytes per blob row (default 8000: one row per 8 KiB page)
        --hold-seconds S   how long the long-lived transaction stays open (default 360; 0 skips it)
        --hold-mib N       MiB it writes before holding (default 16)
        --server-heap SIZE heap of the mvstore child JVM, e.g. 1g (default: the JVM's default)
        --dir DIR          working directory (default: a temporary directory, deleted afterwards)
        --result-file F    also write the result as a properties file
        --seed N           seed (default 1)
        --help             print this text
      The embedded store's strict mode (FoundationDB's limits) follows -Dmvsqlite.strict (default false).
      """;

  public HugeTransactionSettings {
    transports = List.copyOf(transports);
    serverJvmOptions = List.copyOf(serverJvmOptions);
    if (transports.isEmpty()) {
      throw new IllegalArgumentException("at least one transport is needed");
    }
    if (rowBytes < PageContents.STAMP_BYTES || rowBytes > 1 << 20) {
      throw new IllegalArgumentException("rowBytes must be in [12, 1 MiB]: " + rowBytes);
    }
    if (bytes < rowBytes || holdBytes < 0 || hold.isNegative()) {
      throw new IllegalArgumentException(
          "bytes must hold a row; hold and holdBytes must not be negative");
    }
  }

  /**
   * The soak's sizes: 2 GiB in 8000-byte rows, both transports, a 6-minute open transaction writing
   * 16 MiB.
   */
  public static HugeTransactionSettings defaults() {
    return new HugeTransactionSettings(
        null,
        List.of(StoreTransport.DIRECT, StoreTransport.HTTP),
        2048L << 20,
        8000,
        Duration.ofMinutes(6),
        16L << 20,
        List.of(),
        null,
        1);
  }

  /**
   * Parses command-line options over {@link #defaults()}.
   *
   * @throws IllegalArgumentException naming the option for an unknown option or a bad value
   */
  public static HugeTransactionSettings parse(String... args) {
    HugeTransactionSettings d = defaults();
    Options o =
        Options.parse(
            args,
            Set.of(
                "--transports",
                "--mib",
                "--row-bytes",
                "--hold-seconds",
                "--hold-mib",
                "--server-heap",
                "--dir",
                "--result-file",
                "--seed"));
    String serverHeap = o.string("--server-heap", null);
    return new HugeTransactionSettings(
        o.path("--dir", d.dir),
        o.list("--transports", d.transports, StoreTransport::parse),
        o.longValue("--mib", d.bytes >> 20) << 20,
        o.integer("--row-bytes", d.rowBytes),
        o.seconds("--hold-seconds", d.hold),
        o.longValue("--hold-mib", d.holdBytes >> 20) << 20,
        serverHeap == null ? d.serverJvmOptions : List.of("-Xmx" + serverHeap),
        o.path("--result-file", d.resultFile),
        o.longValue("--seed", d.seed));
  }

  /** Rows of the huge transaction. */
  long rows() {
    return bytes / rowBytes;
  }
}
