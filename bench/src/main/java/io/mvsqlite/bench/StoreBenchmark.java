package io.mvsqlite.bench;

import io.mvsqlite.client.transport.DirectStores;
import io.mvsqlite.client.transport.HttpPageStore;
import io.mvsqlite.client.transport.RetryingPageStore;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.rocksdb.RocksDbKvConfig;
import io.mvsqlite.kv.rocksdb.RocksDbKvStore;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.store.MvStore;
import io.mvsqlite.store.StoreConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * The mvstore engine's own throughput, and a 2 GiB commit, measured against the KV baseline in the
 * same run.
 *
 * <p>A benchmark program, not a test. On the embedded store (RocksDB), for each transport — {@code
 * http}: a real mvstore (Jetty) on a loopback port of this process, reached with the client's
 * {@link HttpPageStore}; {@code direct}: the engine in-process, what the client's {@code
 * DirectPageStore} forwards to — it measures:
 *
 * <ul>
 *   <li>pages read per second through {@code /batch/read}, in batches of random pages of a loaded
 *       namespace, at each client count (default 1 and 16);
 *   <li>small commits per second (default one 8 KiB page each, inline: "fast writes"), each client
 *       writing pages no other client touches;
 *   <li>a huge transaction (default 262,144 distinct 8 KiB pages = 2 GiB): upload time and commit
 *       time.
 * </ul>
 *
 * Before them, the KV benchmark measures the matching KV numbers on its own store in the same mode
 * ({@code -Dmvsqlite.strict}) with the same schedule: point reads in batches of the same size per
 * transaction for page reads, small commits for commits; the table shows each store figure as a
 * fraction of them. For the huge commit, the same number of page-sized values is written straight
 * into a KV store of the same kind ({@link KvBulkWrite}: same batch size, same transactions in
 * flight), and the huge commit's duration is compared with that. Stores live in a working directory
 * that is deleted afterwards. Progress goes to standard error, the table to standard output.
 *
 * <p>Both transports go through the client's {@link RetryingPageStore} (transient failures are
 * retried as a client would); the HTTP requests time out after 10 s (commits get more per page, as
 * in the client).
 */
public final class StoreBenchmark {

  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration RETRY_DEADLINE = Duration.ofSeconds(30);
  private static final int HUGE_STREAM = 2;

  private StoreBenchmark() {}

  public static void main(String[] args) {
    StoreBenchmarkSettings settings =
        ProgramArguments.parseOrExit(
            "StoreBenchmark", StoreBenchmarkSettings.USAGE, args, StoreBenchmarkSettings::parse);
    if (settings == null) {
      return;
    }
    StoreBenchmarkResult result = run(settings, System.err);
    System.out.printf(
        Locale.ROOT,
        "JVM %s, %d cores%n",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    System.out.print(result.table());
  }

  /** Runs the benchmark, reporting progress on standard error. */
  public static StoreBenchmarkResult run(StoreBenchmarkSettings settings) {
    return run(settings, System.err);
  }

  public static StoreBenchmarkResult run(StoreBenchmarkSettings settings, PrintStream progress) {
    StoreMode mode =
        Boolean.getBoolean(RocksDbKvConfig.STRICT_PROPERTY) ? StoreMode.STRICT : StoreMode.RELAXED;
    Path dir = Directories.createOrTemporary(settings.dir(), "mvsqlite-storebench");
    try {
      Path kvDir = dir.resolve("kv");
      progress.printf(Locale.ROOT, "KV baseline (%s)%n", mode.label());
      KvBenchmarkResult kv =
          KvBenchmark.run(
              settings.kvBaseline(kvDir, mode),
              m ->
                  RocksDbKvStore.open(
                      RocksDbKvConfig.defaults(kvDir)
                          .withStrict(m.strict())
                          .withSyncWrites(settings.syncWrites())),
              progress,
              EnumSet.of(Workload.POINT_READ_BATCH, Workload.SMALL_COMMIT));
      Directories.deleteRecursively(kvDir);
      double kvBulkSeconds =
          settings.hugePages() > 0
              ? kvBulkWrite(settings, mode, dir.resolve("kv-bulk"), progress)
              : Double.NaN;
      List<StoreMeasurement> measurements = new ArrayList<>();
      List<StoreBenchmarkResult.BulkCommit> bulk = new ArrayList<>();
      String backend = "";
      for (StoreTransport transport : settings.transports()) {
        Path storeDir = dir.resolve(transport.label());
        try (Target target = Target.open(transport, storeDir, settings.syncWrites())) {
          backend = target.backend;
          measureTransport(settings, transport, target, measurements, bulk, progress);
        } finally {
          Directories.deleteRecursively(storeDir);
        }
      }
      return new StoreBenchmarkResult(
          settings, backend, mode, kv, measurements, bulk, kvBulkSeconds);
    } finally {
      if (settings.dir() == null) {
        Directories.deleteRecursively(dir);
      }
    }
  }

  /** The huge commit's pages written straight into a fresh KV store of the same kind: seconds. */
  private static double kvBulkWrite(
      StoreBenchmarkSettings settings, StoreMode mode, Path bulkDir, PrintStream progress) {
    try (KvStore kv =
        RocksDbKvStore.open(
            RocksDbKvConfig.defaults(bulkDir)
                .withStrict(mode.strict())
                .withSyncWrites(settings.syncWrites()))) {
      double s =
          seconds(
              KvBulkWrite.run(
                  kv,
                  new PageContents(settings.seed(), StoreBenchmarkSettings.PAGE_BYTES),
                  settings.hugePages(),
                  settings.uploadBatch(),
                  settings.uploadConcurrency()));
      progress.printf(
          Locale.ROOT,
          "KV     bulk write of %,d values of %d bytes (%d per transaction, %d in flight):"
              + " %.1f s (%.0f MiB/s)%n",
          settings.hugePages(),
          StoreBenchmarkSettings.PAGE_BYTES,
          settings.uploadBatch(),
          settings.uploadConcurrency(),
          s,
          (double) settings.hugePages() * StoreBenchmarkSettings.PAGE_BYTES / (1 << 20) / s);
      return s;
    } finally {
      Directories.deleteRecursively(bulkDir);
    }
  }

  private static void measureTransport(
      StoreBenchmarkSettings settings,
      StoreTransport transport,
      Target target,
      List<StoreMeasurement> measurements,
      List<StoreBenchmarkResult.BulkCommit> bulk,
      PrintStream progress) {
    PageContents contents = new PageContents(settings.seed(), StoreBenchmarkSettings.PAGE_BYTES);
    NamespaceRef readNs = target.create("bench-read");
    NamespaceRef commitNs = target.create("bench-commit");
    BulkUpload.Timing load =
        BulkUpload.run(
            target.store,
            readNs,
            contents,
            StoreWorkloads.LOADED_STREAM,
            settings.pages(),
            settings.uploadBatch(),
            settings.uploadConcurrency());
    bulk.add(bulk(transport, "load of the read namespace", load));
    progress.printf(
        Locale.ROOT,
        "%-6s loaded %,d pages: upload %.1f s, commit %.1f s%n",
        transport.label(),
        settings.pages(),
        seconds(load.upload()),
        seconds(load.commit()));
    BulkUpload.verifySample(
        target.store,
        readNs,
        load.version(),
        contents,
        StoreWorkloads.LOADED_STREAM,
        settings.pages(),
        200,
        settings.seed());

    int maxThreads =
        settings.concurrency().stream().mapToInt(Integer::intValue).max().orElseThrow();
    StoreWorkloads workloads =
        new StoreWorkloads(
            target.store,
            readNs,
            load.version(),
            settings.pages(),
            commitNs,
            contents,
            settings.readBatch(),
            settings.commitPages(),
            maxThreads);
    for (int threads : settings.concurrency()) {
      measurements.add(
          measure(
              settings,
              transport,
              StoreWorkload.PAGE_READ,
              threads,
              workloads::pageRead,
              workloads,
              progress));
    }
    for (int threads : settings.concurrency()) {
      measurements.add(
          measure(
              settings,
              transport,
              StoreWorkload.SMALL_COMMIT,
              threads,
              workloads::smallCommit,
              workloads,
              progress));
    }

    if (settings.hugePages() > 0) {
      NamespaceRef hugeNs = target.create("bench-huge");
      progress.printf(
          Locale.ROOT,
          "%-6s huge commit: uploading %,d pages (%,d MiB)...%n",
          transport.label(),
          settings.hugePages(),
          (long) settings.hugePages() * StoreBenchmarkSettings.PAGE_BYTES >> 20);
      BulkUpload.Timing huge =
          BulkUpload.run(
              target.store,
              hugeNs,
              contents,
              HUGE_STREAM,
              settings.hugePages(),
              settings.uploadBatch(),
              settings.uploadConcurrency());
      bulk.add(bulk(transport, StoreBenchmarkResult.BulkCommit.HUGE, huge));
      progress.printf(
          Locale.ROOT,
          "%-6s huge commit of %,d pages: upload %.1f s (%.0f MiB/s), commit %.1f s%n",
          transport.label(),
          settings.hugePages(),
          seconds(huge.upload()),
          huge.megabytesPerSecond(StoreBenchmarkSettings.PAGE_BYTES),
          seconds(huge.commit()));
      BulkUpload.verifySample(
          target.store,
          hugeNs,
          huge.version(),
          contents,
          HUGE_STREAM,
          settings.hugePages(),
          1000,
          settings.seed());
    }
  }

  private static StoreMeasurement measure(
      StoreBenchmarkSettings settings,
      StoreTransport transport,
      StoreWorkload workload,
      int threads,
      Throughput.Operation op,
      StoreWorkloads workloads,
      PrintStream progress) {
    long conflictsBefore = workloads.conflicts();
    if (!settings.warmup().isZero()) {
      Throughput.measure(threads, settings.warmup(), settings.seed(), op);
    }
    List<Double> runs = new ArrayList<>();
    for (int run = 0; run < settings.runs(); run++) {
      runs.add(Throughput.measure(threads, settings.runDuration(), settings.seed() + run + 1, op));
    }
    long conflicts = workloads.conflicts() - conflictsBefore;
    StoreMeasurement m = new StoreMeasurement(transport, workload, threads, runs, conflicts);
    progress.printf(
        Locale.ROOT,
        "%-6s %-14s x%-3d %,14.0f %s  (runs: %s)%s%n",
        transport.label(),
        workload.label(),
        threads,
        m.medianPerSecond(),
        workload.unit(),
        String.join(", ", runs.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r)).toList()),
        conflicts > 0 ? "  conflicts: " + conflicts : "");
    return m;
  }

  private static StoreBenchmarkResult.BulkCommit bulk(
      StoreTransport transport, String purpose, BulkUpload.Timing t) {
    return new StoreBenchmarkResult.BulkCommit(
        transport, purpose, t.pages(), seconds(t.upload()), seconds(t.commit()));
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  /** One transport's page store over a fresh embedded store, and what closes it. */
  private static final class Target implements AutoCloseable {
    final PageStore store;
    final NamespaceAdmin admin;
    final String backend;
    private final AutoCloseable onClose;

    private Target(PageStore store, NamespaceAdmin admin, String backend, AutoCloseable onClose) {
      this.store = store;
      this.admin = admin;
      this.backend = backend;
      this.onClose = onClose;
    }

    static Target open(StoreTransport transport, Path dir, boolean syncWrites) {
      return switch (transport) {
        case HTTP -> {
          LoopbackMvstore mvstore = LoopbackMvstore.start(dir, syncWrites);
          PageStore http = new HttpPageStore(List.of(mvstore.url()), HTTP_TIMEOUT, false);
          yield new Target(
              new RetryingPageStore(http, RETRY_DEADLINE),
              mvstore.admin(),
              mvstore.describe(),
              mvstore);
        }
        case DIRECT -> {
          KvStore kv =
              RocksDbKvStore.open(RocksDbKvConfig.defaults(dir).withSyncWrites(syncWrites));
          MvStore engine =
              MvStore.open(
                  kv,
                  StoreConfig.defaults(DirectStores.METADATA_PREFIX, DirectStores.RAW_DATA_PREFIX));
          yield new Target(
              new RetryingPageStore(engine.pageStore(), RETRY_DEADLINE),
              engine.admin(),
              kv.describe(),
              () -> {
                engine.close();
                kv.close();
              });
        }
      };
    }

    NamespaceRef create(String key) {
      admin.create(key, null);
      return NamespaceRef.of(key);
    }

    @Override
    public void close() {
      try {
        onClose.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the store failed", e);
      }
    }
  }
}
