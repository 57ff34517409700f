package io.mvsqlite.bench;

import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.rocksdb.RocksDbKvConfig;
import io.mvsqlite.kv.rocksdb.RocksDbKvStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The KV baseline: point reads, range reads and small commits on the embedded RocksDB store,
 * printed as a table.
 *
 * <p>A benchmark program, not a test. For each store mode it opens a store of its own (so that one
 * mode's writes and background compactions do not slow the next one down), loads the keys (unless
 * {@code --dir} already holds them), and for each workload and thread count runs an unmeasured
 * warm-up and then timed runs, reporting the median. Progress goes to standard error, the table to
 * standard output.
 *
 * <pre>{@code
 * mvnl -q -pl bench -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED -cp "$(cat bench/target/classpath.txt):bench/target/classes" \
 *     io.mvsqlite.bench.KvBenchmark --help
 * }</pre>
 */
public final class KvBenchmark {

  private KvBenchmark() {}

  public static void main(String[] args) {
    BenchmarkSettings settings =
        ProgramArguments.parseOrExit(
            "KvBenchmark", BenchmarkSettings.USAGE, args, BenchmarkSettings::parse);
    if (settings == null) {
      return;
    }
    KvBenchmarkResult result = runOnRocksDb(settings, System.err);
    System.out.printf(
        Locale.ROOT,
        "JVM %s, %d cores%n",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    System.out.print(result.table());
  }

  /**
   * Runs the benchmark on embedded stores under {@link BenchmarkSettings#dir()} (one subdirectory
   * per mode), or under a temporary directory that is deleted afterwards.
   */
  public static KvBenchmarkResult runOnRocksDb(BenchmarkSettings settings, PrintStream progress) {
    boolean temporary = settings.dir() == null;
    Path dir = Directories.createOrTemporary(settings.dir(), "mvsqlite-kvbench");
    try {
      return run(
          settings.withDir(dir),
          mode ->
              RocksDbKvStore.open(
                  RocksDbKvConfig.defaults(dir.resolve(mode.label()))
                      .withStrict(mode.strict())
                      .withSyncWrites(settings.syncWrites())),
          progress);
    } finally {
      if (temporary) {
        Directories.deleteRecursively(dir);
      }
    }
  }

  /**
   * Runs every workload at every thread count in every mode of {@code settings}, on the stores
   * {@code open} returns (one per mode, closed here).
   */
  public static KvBenchmarkResult run(
      BenchmarkSettings settings, Function<StoreMode, KvStore> open, PrintStream progress) {
    return run(settings, open, progress, EnumSet.allOf(Workload.class));
  }

  /**
   * Runs only {@code workloads} (in their declaration order) at every thread count in every mode of
   * {@code settings}: what a higher layer needs as its baseline, without the time the other
   * workloads take.
   */
  public static KvBenchmarkResult run(
      BenchmarkSettings settings,
      Function<StoreMode, KvStore> open,
      PrintStream progress,
      Set<Workload> selected) {
    List<Measurement> measurements = new ArrayList<>();
    List<String> backends = new ArrayList<>();
    for (StoreMode mode : settings.modes()) {
      try (KvStore store = open.apply(mode)) {
        backends.add(store.describe());
        KvWorkloads workloads = new KvWorkloads(store, settings);
        if (!workloads.isLoaded()) {
          long start = System.nanoTime();
          workloads.load();
          progress.printf(
              Locale.ROOT,
              "loaded %,d keys in %.1f s%n",
              settings.keys(),
              (System.nanoTime() - start) / 1e9);
        }
        for (Workload workload : Workload.values()) {
          if (!selected.contains(workload)) {
            continue;
          }
          for (int threads : settings.concurrency()) {
            measurements.add(measure(settings, workloads, workload, threads, mode, progress));
          }
        }
      }
    }
    return new KvBenchmarkResult(String.join(", ", backends), settings, measurements);
  }

  private static Measurement measure(
      BenchmarkSettings settings,
      KvWorkloads workloads,
      Workload workload,
      int threads,
      StoreMode mode,
      PrintStream progress) {
    Throughput.Operation op = workloads.operation(workload);
    if (!settings.warmup().isZero()) {
      Throughput.measure(threads, settings.warmup(), settings.seed(), op);
    }
    List<Double> runs = new ArrayList<>();
    for (int run = 0; run < settings.runs(); run++) {
      runs.add(Throughput.measure(threads, settings.runDuration(), settings.seed() + run + 1, op));
    }
    Measurement m = new Measurement(workload, threads, mode, runs);
    progress.printf(
        Locale.ROOT,
        "%-8s %-26s x%-3d %,14.0f %s  (runs: %s)%n",
        mode.label(),
        workload.label(),
        threads,
        m.medianPerSecond(),
        workload.unit(),
        String.join(", ", runs.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r)).toList()));
    return m;
  }
}
