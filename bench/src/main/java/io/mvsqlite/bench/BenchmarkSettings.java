package io.mvsqlite.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The parameters of a KV benchmark. Immutable.
 *
 * @param dir the store directory, or {@code null} for a fresh temporary one (deleted afterwards)
 * @param keys how many keys are loaded before measuring
 * @param valueBytes the size of every loaded and written value
 * @param warmup how long each workload runs, unmeasured, before its timed runs
 * @param runDuration the length of one timed run
 * @param runs timed runs per measurement; the median is reported
 * @param concurrency the thread counts each workload is measured at
 * @param batchReads reads per transaction in {@link Workload#POINT_READ_BATCH}
 * @param rangeKeys keys per range read in {@link Workload#RANGE_READ}
 * @param modes the store modes to measure
 * @param syncWrites whether commits wait for the write-ahead log to be synced (the store's durable
 *     default)
 * @param seed the seed of the key choices (each thread derives its own)
 */
public record BenchmarkSettings(
    Path dir,
    int keys,
    int valueBytes,
    Duration warmup,
    Duration runDuration,
    int runs,
    List<Integer> concurrency,
    int batchReads,
    int rangeKeys,
    List<StoreMode> modes,
    boolean syncWrites,
    long seed) {

  static final String USAGE =
      """
      usage: KvBenchmark [options]
        --dir DIR          store directory (default: a fresh temporary directory, deleted afterwards)
        --keys N           keys loaded before measuring (default 100000)
        --value-bytes N    value size in bytes (default 100)
        --warmup-ms N      unmeasured warm-up per workload, in milliseconds (default 1000)
        --seconds N        length of each timed run, in seconds (default 3)
        --runs N           timed runs per measurement, the median is reported (default 3)
        --threads A,B      concurrency levels (default 1,16)
        --batch N          reads per transaction in the batched point-read workload (default 100)
        --range N          keys per range read (default 100)
        --mode M           strict, relaxed or both (default both)
        --sync-writes B    true: commits wait for the log to be synced (default); false: they do not
        --seed N           seed of the random key choices (default 1)
        --help             print this text
      """;

  public BenchmarkSettings {
    positive("keys", keys);
    positive("valueBytes", valueBytes);
    positive("runs", runs);
    positive("batchReads", batchReads);
    positive("rangeKeys", rangeKeys);
    if (rangeKeys > keys) {
      throw new IllegalArgumentException(
          "rangeKeys must not exceed keys: " + rangeKeys + " > " + keys);
    }
    if (warmup.isNegative() || runDuration.isNegative() || runDuration.isZero()) {
      throw new IllegalArgumentException("warm-up must be >= 0 and run duration > 0");
    }
    concurrency = List.copyOf(concurrency);
    modes = List.copyOf(modes);
    if (concurrency.isEmpty() || concurrency.stream().anyMatch(t -> t < 1)) {
      throw new IllegalArgumentException("thread counts must be positive: " + concurrency);
    }
    if (modes.isEmpty()) {
      throw new IllegalArgumentException("at least one store mode is needed");
    }
  }

  /**
   * 100,000 keys of 100 bytes; 1 s warm-up, then 3 runs of 3 s; 1 and 16 threads; strict and
   * relaxed.
   */
  public static BenchmarkSettings defaults() {
    return new BenchmarkSettings(
        null,
        100_000,
        100,
        Duration.ofSeconds(1),
        Duration.ofSeconds(3),
        3,
        List.of(1, 16),
        100,
        100,
        List.of(StoreMode.STRICT, StoreMode.RELAXED),
        true,
        1);
  }

  /**
   * Parses command-line options over {@link #defaults()}.
   *
   * @throws IllegalArgumentException for an unknown option, a missing or malformed value (the
   *     message says which)
   */
  public static BenchmarkSettings parse(String... args) {
    BenchmarkSettings d = defaults();
    Path dir = d.dir;
    int keys = d.keys;
    int valueBytes = d.valueBytes;
    Duration warmup = d.warmup;
    Duration runDuration = d.runDuration;
    int runs = d.runs;
    List<Integer> concurrency = d.concurrency;
    int batchReads = d.batchReads;
    int rangeKeys = d.rangeKeys;
    List<StoreMode> modes = d.modes;
    boolean syncWrites = d.syncWrites;
    long seed = d.seed;
    for (int i = 0; i < args.length; i += 2) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + option);
      }
      String v = args[i + 1];
      switch (option) {
        case "--dir" -> dir = Path.of(v);
        case "--keys" -> keys = integer(option, v);
        case "--value-bytes" -> valueBytes = integer(option, v);
        case "--warmup-ms" -> warmup = Duration.ofMillis(integer(option, v));
        case "--seconds" -> runDuration = Duration.ofSeconds(integer(option, v));
        case "--runs" -> runs = integer(option, v);
        case "--threads" -> concurrency = integers(option, v);
        case "--batch" -> batchReads = integer(option, v);
        case "--range" -> rangeKeys = integer(option, v);
        case "--mode" -> modes = modes(v);
        case "--sync-writes" -> syncWrites = bool(option, v);
        case "--seed" -> seed = longValue(option, v);
        default -> throw new IllegalArgumentException("unknown option: " + option);
      }
    }
    return new BenchmarkSettings(
        dir,
        keys,
        valueBytes,
        warmup,
        runDuration,
        runs,
        concurrency,
        batchReads,
        rangeKeys,
        modes,
        syncWrites,
        seed);
  }

  /** A copy with a shorter schedule, for smoke tests of the harness itself. */
  public BenchmarkSettings withSchedule(Duration newWarmup, Duration newRunDuration, int newRuns) {
    return new BenchmarkSettings(
        dir,
        keys,
        valueBytes,
        newWarmup,
        newRunDuration,
        newRuns,
        concurrency,
        batchReads,
        rangeKeys,
        modes,
        syncWrites,
        seed);
  }

  /** A copy with another store directory. */
  public BenchmarkSettings withDir(Path newDir) {
    return new BenchmarkSettings(
        newDir,
        keys,
        valueBytes,
        warmup,
        runDuration,
        runs,
        concurrency,
        batchReads,
        rangeKeys,
        modes,
        syncWrites,
        seed);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  private static int integer(String option, String v) {
    try {
      return Integer.parseInt(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs an integer: " + v, e);
    }
  }

  private static long longValue(String option, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs an integer: " + v, e);
    }
  }

  private static List<Integer> integers(String option, String v) {
    return Arrays.stream(v.split(",")).map(x -> integer(option, x.strip())).toList();
  }

  private static boolean bool(String option, String v) {
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(option + " needs true or false: " + v);
    };
  }

  private static List<StoreMode> modes(String v) {
    return switch (v) {
      case "strict" -> List.of(StoreMode.STRICT);
      case "relaxed" -> List.of(StoreMode.RELAXED);
      case "both" -> List.of(StoreMode.STRICT, StoreMode.RELAXED);
      default -> throw new IllegalArgumentException("--mode must be strict, relaxed or both: " + v);
    };
  }
}
