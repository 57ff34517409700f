package io.mvsqlite.stress;

import io.mvsqlite.kv.FaultPlan;
import io.mvsqlite.kv.rocksdb.RocksDbKvConfig;
import io.mvsqlite.protocol.MvException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mvstore-stress}: the command line of the stress tester (the reference's flags, plus a
 * server or engine of its own). Exit codes: 0 when the run passed, 1 when it found violations or
 * errors (or could not start), 2 for invalid flags. The summary table goes to standard output.
 */
@Command(
    name = "mvstore-stress",
    mixinStandardHelpOptions = true,
    version = "mvstore-stress (mvSQLite for the JVM) 0.1.0",
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "Runs concurrent random transactions against mvstore and checks every answer against an in-memory MVCC model",
      "(snapshot reads, read-your-writes, commit order, serializability) while truncation and content GC run.",
      "Target: a running mvstore (--data-plane, --admin-api), or one started in this process (--in-process), or the",
      "engine without HTTP (--direct); the last two take engine knobs and KV fault injection.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mvstore-stress --data-plane http://127.0.0.1:7000 --admin-api http://127.0.0.1:7001 --ns-key stress",
      "  mvstore-stress --in-process --knob-gc-fresh-page-ttl-secs 0 --disable-ryw --permit-410 --seed 7",
      "  mvstore-stress --in-process --faults 0.01 --concurrency 16 --duration 5m",
      "",
      "See docs/stress.md."
    })
public final class StressMain implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  static final class Mode {
    @Option(
        names = "--data-plane",
        paramLabel = "URL",
        description = "Data plane of a running mvstore.")
    URI dataPlane;

    @Option(
        names = "--in-process",
        description = "Start an mvstore in this process (embedded store, strict mode).")
    boolean inProcess;

    @Option(
        names = "--direct",
        description = "Drive the engine in this process without HTTP (direct mode).")
    boolean direct;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode;

  @Option(
      names = "--admin-api",
      paramLabel = "URL",
      description =
          "Admin API of the running mvstore (truncation,"
              + " GC, namespace creation); without it the namespace must exist and no history worker runs.")
  URI adminApi;

  @Option(
      names = "--admin-token",
      paramLabel = "TOKEN",
      description = "Bearer token of the admin API.")
  String adminToken;

  @Option(
      names = "--ns-key",
      paramLabel = "NS",
      defaultValue = "${env:NS_KEY:-stress}",
      description =
          "Namespace to stress; created if missing. Nobody else may write it meanwhile (default:"
              + " ${DEFAULT-VALUE}; env NS_KEY).")
  String nsKey;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "50",
      description = "Concurrent tasks" + " (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--iterations",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Actions per task" + " (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      description =
          "Stop after this long (e.g. 90s, 5m, 1h, PT2M),"
              + " or after the iterations, whichever comes first.",
      converter = DurationConverter.class)
  Duration duration;

  @Option(
      names = "--pages",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Pages in use: 0..N-1" + " (default: ${DEFAULT-VALUE}).")
  int pages;

  @Option(
      names = "--page-size",
      paramLabel = "BYTES",
      defaultValue = "4096",
      description = "Bytes per page" + " (default: ${DEFAULT-VALUE}).")
  int pageSize;

  @Option(
      names = "--max-pages-per-write",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "A write action"
              + " writes 1..N pages (default: ${DEFAULT-VALUE}); raise it above the staged threshold to stage commits.")
  int maxPagesPerWrite;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed of every random choice (default: random; the" + " report prints it).")
  Long seed;

  @Option(
      names = "--disable-read-set",
      description = "Never send read sets (namespace-level conflict checks).")
  boolean disableReadSet;

  @Option(
      names = "--disable-ryw",
      description = "Do not read back own writes (transactions without a lease).")
  boolean disableRyw;

  @Option(
      names = "--permit-410",
      description =
          "Accept 410 on commits and read-backs of transactions without a"
              + " lease (GC with a 0 s fresh-page TTL).")
  boolean permit410;

  @Option(
      names = "--lease-probability",
      paramLabel = "P",
      defaultValue = "0.5",
      description =
          "Probability that a"
              + " transaction holds a transaction lease (default: ${DEFAULT-VALUE}; 0 = the reference protocol only).")
  double leaseProbability;

  @Option(
      names = "--truncate-interval-max-ms",
      paramLabel = "MS",
      defaultValue = "999",
      description =
          "Truncation" + " runs every 1..MS ms; 0 disables it (default: ${DEFAULT-VALUE}).")
  long truncateIntervalMaxMillis;

  @Option(
      names = "--gc-interval-max-ms",
      paramLabel = "MS",
      defaultValue = "4999",
      description =
          "Content GC runs" + " every 1..MS ms; 0 disables it (default: ${DEFAULT-VALUE}).")
  long gcIntervalMaxMillis;

  @Option(
      names = "--retry-deadline-secs",
      paramLabel = "S",
      defaultValue = "60",
      description =
          "Retry transient" + " failures of a call this long (default: ${DEFAULT-VALUE}).")
  long retryDeadlineSecs;

  @Option(
      names = "--http-timeout-secs",
      paramLabel = "S",
      defaultValue = "30",
      description = "Timeout of one HTTP" + " request (default: ${DEFAULT-VALUE}).")
  long httpTimeoutSecs;

  @Option(
      names = "--store-dir",
      paramLabel = "DIR",
      description =
          "--in-process/--direct: the store directory"
              + " (default: a temporary one, deleted afterwards).")
  Path storeDir;

  @Option(
      names = "--knob-gc-scan-batch-size",
      paramLabel = "N",
      description = "--in-process/--direct: keys per GC" + " and truncation batch.")
  Integer gcScanBatchSize;

  @Option(
      names = "--knob-gc-fresh-page-ttl-secs",
      paramLabel = "S",
      description = "--in-process/--direct: minimum" + " age of collectable content.")
  Long gcFreshPageTtlSecs;

  @Option(
      names = "--knob-commit-multi-phase-threshold",
      paramLabel = "PAGES",
      description = "--in-process/--direct:" + " pages from which commits are two-phase.")
  Integer multiPhaseThreshold;

  @Option(
      names = "--knob-commit-staged-threshold",
      paramLabel = "PAGES",
      description = "--in-process/--direct:" + " pages above which commits are staged.")
  Integer stagedThreshold;

  @Option(
      names = "--faults",
      paramLabel = "P",
      description =
          "--in-process/--direct: inject every KV fault kind"
              + " (read/commit conflicts and transient errors, commit_unknown_result committed and not) with probability P.")
  Double faults;

  @Option(
      names = "--fault-seed",
      paramLabel = "S",
      description = "Seed of the fault sequence (default: derived" + " from --seed).")
  Long faultSeed;

  @Option(
      names = "--fault-conflict",
      paramLabel = "P",
      description = "KV conflicts (not_committed) per read/commit.")
  Double faultConflict;

  @Option(
      names = "--fault-transient",
      paramLabel = "P",
      description = "Transient KV errors per read/commit.")
  Double faultTransient;

  @Option(
      names = "--fault-unknown-committed",
      paramLabel = "P",
      description = "commit_unknown_result after the" + " commit took effect, per commit.")
  Double faultUnknownCommitted;

  @Option(
      names = "--fault-unknown-not-committed",
      paramLabel = "P",
      description = "commit_unknown_result without" + " the commit, per commit.")
  Double faultUnknownNotCommitted;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line (the reusable entry point: {@code commandLine().execute(args)}). */
  public static CommandLine commandLine() {
    return new CommandLine(new StressMain());
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StressConfig config;
    try {
      config = toConfig();
    } catch (IllegalArgumentException e) {
      err.println("mvstore-stress: " + e.getMessage());
      err.flush();
      return 2;
    }
    if (System.getProperty(RocksDbKvConfig.STRICT_PROPERTY) == null) {
      // The stress tester proves the engine stays inside FoundationDB's limits: strict mode unless
      // told otherwise.
      System.setProperty(RocksDbKvConfig.STRICT_PROPERTY, "true");
    }
    StressReport report;
    try {
      report = StressRunner.run(config);
    } catch (MvException e) {
      err.println("mvstore-stress: the run could not start: " + e.code() + ": " + e.getMessage());
      err.flush();
      return 1;
    }
    out.print(report.table());
    out.flush();
    return report.passed() ? 0 : 1;
  }

  /**
   * The configuration the flags describe; {@link IllegalArgumentException} for invalid
   * combinations.
   */
  StressConfig toConfig() {
    boolean engineFlags =
        gcScanBatchSize != null
            || gcFreshPageTtlSecs != null
            || multiPhaseThreshold != null
            || stagedThreshold != null
            || faultsGiven()
            || storeDir != null;
    if (seed == null) {
      seed = System.nanoTime();
    }
    StressConfig.Target target;
    if (mode.dataPlane != null) {
      if (engineFlags) {
        throw new IllegalArgumentException(
            "--knob-*, --fault*, --store-dir only apply with --in-process or --direct:"
                + " a running mvstore takes its knobs as its own flags");
      }
      target = new StressConfig.Remote(mode.dataPlane, adminApi, adminToken);
    } else {
      if (adminApi != null || adminToken != null) {
        throw new IllegalArgumentException("--admin-api and --admin-token go with --data-plane");
      }
      EngineKnobs knobs = knobs();
      target =
          mode.inProcess
              ? new StressConfig.InProcessServer(knobs, storeDir)
              : new StressConfig.Direct(knobs, storeDir);
    }
    return StressConfig.builder()
        .target(target)
        .nsKey(nsKey)
        .concurrency(concurrency)
        .iterations(iterations)
        .duration(duration)
        .pages(pages)
        .pageSizeBytes(pageSize)
        .maxPagesPerWrite(maxPagesPerWrite)
        .seed(seed)
        .disableReadSet(disableReadSet)
        .disableRyw(disableRyw)
        .permit410(permit410)
        .leaseProbability(leaseProbability)
        .truncateIntervalMaxMillis(truncateIntervalMaxMillis)
        .gcIntervalMaxMillis(gcIntervalMaxMillis)
        .retryDeadline(Duration.ofSeconds(retryDeadlineSecs))
        .httpTimeout(Duration.ofSeconds(httpTimeoutSecs))
        .build();
  }

  private boolean faultsGiven() {
    return faults != null
        || faultConflict != null
        || faultTransient != null
        || faultUnknownCommitted != null
        || faultUnknownNotCommitted != null;
  }

  private EngineKnobs knobs() {
    EngineKnobs k = EngineKnobs.defaults();
    if (gcScanBatchSize != null) {
      k = k.withGcScanBatchSize(gcScanBatchSize);
    }
    if (gcFreshPageTtlSecs != null) {
      k = k.withGcFreshPageTtlSecs(gcFreshPageTtlSecs);
    }
    if (multiPhaseThreshold != null) {
      k = k.withCommitMultiPhaseThreshold(multiPhaseThreshold);
    }
    if (stagedThreshold != null) {
      k = k.withCommitStagedThreshold(stagedThreshold);
    }
    if (faultsGiven()) {
      double all = faults == null ? 0 : faults;
      k =
          k.withFaults(
              new FaultPlan(
                  faultSeed != null ? faultSeed : seed ^ 0x5DEECE66DL,
                  faultConflict != null ? faultConflict : all,
                  faultTransient != null ? faultTransient : all,
                  faultUnknownCommitted != null ? faultUnknownCommitted : all,
                  faultUnknownNotCommitted != null ? faultUnknownNotCommitted : all));
    }
    return k;
  }

  /**
   * Parses {@code 90s}, {@code 500ms}, {@code 5m}, {@code 2h} or an ISO-8601 duration ({@code
   * PT90S}).
   */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      try {
        if (v.startsWith("p")) {
          return Duration.parse(value.strip());
        }
        if (v.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (v.charAt(v.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> throw new CommandLine.TypeConversionException("not a duration: " + value);
        };
      } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
        throw new CommandLine.TypeConversionException(
            "not a duration (use 90s, 5m, 2h or PT90S): " + value);
      }
    }
  }
}
