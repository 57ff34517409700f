package io.mvsqlite.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The parameters of {@link StoreBenchmark}. Immutable.
 *
 * @param dir working directory (stores are created under it and deleted afterwards), or {@code
 *     null} for a temporary one
 * @param pages pages of the namespace that page reads read from
 * @param readBatch pages per {@code /batch/read} (at most 200)
 * @param commitPages pages per small commit, all sent inline ("fast writes", at most 100)
 * @param hugePages pages of the huge commit (262,144 × 8 KiB = 2 GiB); 0 skips it
 * @param uploadBatch pages per upload of the loads and the huge commit (at most 100)
 * @param uploadConcurrency uploads in flight at once during the loads and the huge commit
 * @param concurrency the client counts page reads and small commits are measured at
 * @param transports the transports measured
 * @param warmup unmeasured warm-up of each measurement
 * @param runDuration length of one timed run
 * @param runs timed runs per measurement; the median is reported
 * @param syncWrites whether commits wait for the store's log to be synced (the default of server
 *     and direct mode)
 * @param seed seed of the page contents and random choices
 */
public record StoreBenchmarkSettings(
    Path dir,
    int pages,
    int readBatch,
    int commitPages,
    int hugePages,
    int uploadBatch,
    int uploadConcurrency,
    List<Integer> concurrency,
    List<StoreTransport> transports,
    Duration warmup,
    Duration runDuration,
    int runs,
    boolean syncWrites,
    long seed) {

  /** The page size of every namespace the benchmark writes. */
  public static final int PAGE_BYTES = 8192;

  static final String USAGE =
      """
      usage: StoreBenchmark [options]
        --dir DIR              working directory (default: a temporary directory; stores are deleted afterwards)
        --pages N              pages of the namespace read from (default 20000, 8 KiB each)
        --read-batch N         pages per /batch/read (default 100)
        --commit-pages N       pages per small commit, sent inline (default 1)
        --huge-pages N         pages of the huge commit (default 262144 = 2 GiB; 0 skips it)
        --upload-batch N       pages per upload (default 100)
        --upload-concurrency N uploads in flight (default 8)
        --threads A,B          client counts (default 1,16)
        --transports T,U       http and/or direct (default http,direct)
        --warmup-ms N          unmeasured warm-up per measurement (default 1000)
        --seconds S            length of each timed run (default 3)
        --runs N               timed runs per measurement, the median is reported (default 3)
        --sync-writes B        commits wait for the log sync (default true)
        --seed N               seed (default 1)
        --help                 print this text
      The store's strict mode (FoundationDB's limits) follows -Dmvsqlite.strict=true|false (default false); the KV
      baseline is measured in the same mode.
      """;

  public StoreBenchmarkSettings {
    concurrency = List.copyOf(concurrency);
    transports = List.copyOf(transports);
    require(pages >= 1, "pages must be positive");
    require(readBatch >= 1 && readBatch <= 200, "readBatch must be in [1, 200]");
    require(commitPages >= 1 && commitPages <= 100, "commitPages must be in [1, 100]");
    require(hugePages >= 0, "hugePages must not be negative");
    require(uploadBatch >= 1 && uploadBatch <= 100, "uploadBatch must be in [1, 100]");
    require(uploadConcurrency >= 1, "uploadConcurrency must be positive");
    require(
        !concurrency.isEmpty() && concurrency.stream().allMatch(t -> t >= 1 && t <= 1000),
        "thread counts must be in [1, 1000]");
    require(!transports.isEmpty(), "at least one transport is needed");
    require(
        !warmup.isNegative() && runDuration.isPositive(),
        "warm-up must be >= 0 and run duration > 0");
    require(runs >= 1, "runs must be positive");
  }

  /**
   * 20,000 pages, batches of 100, 1-page commits, a 2 GiB commit, 1 and 16 clients, both
   * transports, 3 × 3 s.
   */
  public static StoreBenchmarkSettings defaults() {
    return new StoreBenchmarkSettings(
        null,
        20_000,
        100,
        1,
        262_144,
        100,
        8,
        List.of(1, 16),
        List.of(StoreTransport.HTTP, StoreTransport.DIRECT),
        Duration.ofSeconds(1),
        Duration.ofSeconds(3),
        3,
        true,
        1);
  }

  /**
   * Parses command-line options over {@link #defaults()}.
   *
   * @throws IllegalArgumentException naming the option for an unknown option or a bad value
   */
  public static StoreBenchmarkSettings parse(String... args) {
    StoreBenchmarkSettings d = defaults();
    Options o =
        Options.parse(
            args,
            Set.of(
                "--dir",
                "--pages",
                "--read-batch",
                "--commit-pages",
                "--huge-pages",
                "--upload-batch",
                "--upload-concurrency",
                "--threads",
                "--transports",
                "--warmup-ms",
                "--seconds",
                "--runs",
                "--sync-writes",
                "--seed"));
    return new StoreBenchmarkSettings(
        o.path("--dir", d.dir),
        o.integer("--pages", d.pages),
        o.integer("--read-batch", d.readBatch),
        o.integer("--commit-pages", d.commitPages),
        o.integer("--huge-pages", d.hugePages),
        o.integer("--upload-batch", d.uploadBatch),
        o.integer("--upload-concurrency", d.uploadConcurrency),
        o.integers("--threads", d.concurrency),
        o.list("--transports", d.transports, StoreTransport::parse),
        o.millis("--warmup-ms", d.warmup),
        o.seconds("--seconds", d.runDuration),
        o.integer("--runs", d.runs),
        o.bool("--sync-writes", d.syncWrites),
        o.longValue("--seed", d.seed));
  }

  /**
   * The KV benchmark's settings for the baseline: its default data set, this schedule and these
   * client counts.
   */
  BenchmarkSettings kvBaseline(Path kvDir, StoreMode mode) {
    BenchmarkSettings kv = BenchmarkSettings.defaults();
    return new BenchmarkSettings(
        kvDir,
        kv.keys(),
        kv.valueBytes(),
        warmup,
        runDuration,
        runs,
        concurrency,
        readBatch,
        kv.rangeKeys(),
        List.of(mode),
        syncWrites,
        seed);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
