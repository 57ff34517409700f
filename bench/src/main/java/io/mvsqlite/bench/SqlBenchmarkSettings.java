package io.mvsqlite.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The parameters of {@link SqlBenchmark}. Immutable.
 *
 * @param dir working directory (databases and stores are created under it and deleted afterwards),
 *     or {@code null} for a temporary one
 * @param scale the factor the default data sizes were multiplied by (for the report)
 * @param systems the systems compared; the ratios need {@link SqlSystem#LOCAL}
 * @param warmup unmeasured warm-up of each timed measurement
 * @param runDuration length of one timed run
 * @param runs timed runs per timed measurement, and scans per scan measurement; the median is
 *     reported
 * @param pointRows rows of the point-read table
 * @param readsPerTransaction point reads per read transaction
 * @param bulkRows rows of the bulk load
 * @param bulkRowsPerTransaction rows per bulk-load transaction
 * @param rowBytes bytes of the value of each row of the point-read, bulk-load and insert tables
 * @param scanBytes bytes of row data in the scanned table
 * @param scanRowBytes bytes of the value of each row of the scanned table
 * @param updateClients clients of the concurrent-update measurement (compared with one client)
 * @param rowsPerClient rows each update client owns
 * @param seed seed of the row contents and random choices
 */
public record SqlBenchmarkSettings(
    Path dir,
    double scale,
    List<SqlSystem> systems,
    Duration warmup,
    Duration runDuration,
    int runs,
    int pointRows,
    int readsPerTransaction,
    int bulkRows,
    int bulkRowsPerTransaction,
    int rowBytes,
    long scanBytes,
    int scanRowBytes,
    int updateClients,
    int rowsPerClient,
    long seed) {

  static final String USAGE =
      """
      usage: SqlBenchmark [options]
        --scale F            multiplies the default data sizes below (default 1; 0.05 is a quick run)
        --systems A,B        local, http and/or direct (default local,http,direct)
        --dir DIR            working directory (default: a temporary directory, deleted afterwards)
        --warmup-ms N        unmeasured warm-up per timed measurement (default 3000)
        --seconds S          length of each timed run (default 3)
        --runs N             timed runs / scans per measurement, the median is reported (default 3)
        --point-rows N       rows of the point-read table (default 100000 x scale)
        --reads-per-txn N    point reads per read transaction (default 100)
        --bulk-rows N        rows of the bulk load (default 1000000 x scale)
        --bulk-txn-rows N    rows per bulk-load transaction (default 10000)
        --row-bytes N        value bytes per row of those tables (default 100)
        --scan-mib N         MiB of row data in the scanned table (default 200 x scale)
        --scan-row-bytes N   value bytes per row of the scanned table (default 1000)
        --update-clients N   clients updating their own rows (default 8)
        --rows-per-client N  rows each update client owns (default 100)
        --seed N             seed (default 1)
        --help               print this text
      The embedded store's strict mode (FoundationDB's limits) follows -Dmvsqlite.strict (default false).
      """;

  public SqlBenchmarkSettings {
    systems = List.copyOf(systems);
    require(scale > 0, "scale must be positive");
    require(!systems.isEmpty(), "at least one system is needed");
    require(
        !warmup.isNegative() && runDuration.isPositive(),
        "warm-up must be >= 0 and run duration > 0");
    require(runs >= 1, "runs must be positive");
    require(
        pointRows >= 1 && readsPerTransaction >= 1,
        "point rows and reads per transaction must be positive");
    require(
        bulkRows >= 1 && bulkRowsPerTransaction >= 1,
        "bulk rows and rows per transaction must be positive");
    require(
        rowBytes >= PageContents.STAMP_BYTES && scanRowBytes >= PageContents.STAMP_BYTES,
        "row values have at least 12 bytes");
    require(scanBytes >= scanRowBytes, "the scanned table needs at least one row");
    require(updateClients >= 2, "update clients must be at least 2 (compared with one)");
    require(rowsPerClient >= 1, "rows per client must be positive");
  }

  /**
   * The full sizes of the brief: 100k point-read rows, 1M bulk rows, a 200 MiB scan; 8 update
   * clients.
   */
  public static SqlBenchmarkSettings defaults() {
    return scaled(1.0);
  }

  /**
   * The defaults with the data sizes multiplied by {@code scale} (at least one transaction's worth
   * each).
   */
  public static SqlBenchmarkSettings scaled(double scale) {
    // 3 s of warm-up, not 1: with 1 s the first workload of a system (HTTP point reads) still ran
    // partly
    // interpreted, its three runs climbing 45k, 91k, 112k reads/s.
    return new SqlBenchmarkSettings(
        null,
        scale,
        List.of(SqlSystem.LOCAL, SqlSystem.HTTP, SqlSystem.DIRECT),
        Duration.ofSeconds(3),
        Duration.ofSeconds(3),
        3,
        (int) Math.max(1_000, Math.round(100_000 * scale)),
        100,
        (int) Math.max(10_000, Math.round(1_000_000 * scale)),
        10_000,
        100,
        Math.max(1L << 20, Math.round((200L << 20) * scale)),
        1000,
        8,
        100,
        1);
  }

  /**
   * Parses command-line options: {@code --scale} first, then the others over {@link #scaled}.
   *
   * @throws IllegalArgumentException naming the option for an unknown option or a bad value
   */
  public static SqlBenchmarkSettings parse(String... args) {
    Options o =
        Options.parse(
            args,
            Set.of(
                "--scale",
                "--systems",
                "--dir",
                "--warmup-ms",
                "--seconds",
                "--runs",
                "--point-rows",
                "--reads-per-txn",
                "--bulk-rows",
                "--bulk-txn-rows",
                "--row-bytes",
                "--scan-mib",
                "--scan-row-bytes",
                "--update-clients",
                "--rows-per-client",
                "--seed"));
    SqlBenchmarkSettings d = scaled(o.decimal("--scale", 1.0));
    return new SqlBenchmarkSettings(
        o.path("--dir", d.dir),
        d.scale,
        o.list("--systems", d.systems, SqlSystem::parse),
        o.millis("--warmup-ms", d.warmup),
        o.seconds("--seconds", d.runDuration),
        o.integer("--runs", d.runs),
        o.integer("--point-rows", d.pointRows),
        o.integer("--reads-per-txn", d.readsPerTransaction),
        o.integer("--bulk-rows", d.bulkRows),
        o.integer("--bulk-txn-rows", d.bulkRowsPerTransaction),
        o.integer("--row-bytes", d.rowBytes),
        o.longValue("--scan-mib", d.scanBytes >> 20) << 20,
        o.integer("--scan-row-bytes", d.scanRowBytes),
        o.integer("--update-clients", d.updateClients),
        o.integer("--rows-per-client", d.rowsPerClient),
        o.longValue("--seed", d.seed));
  }

  /** Rows of the scanned table. */
  int scanRows() {
    return (int) (scanBytes / scanRowBytes);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
