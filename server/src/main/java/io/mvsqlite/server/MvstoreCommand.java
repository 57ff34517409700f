package io.mvsqlite.server;

import io.mvsqlite.protocol.MvException;
import io.mvsqlite.store.StoreConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code mvstore} command line: the reference server's flags and environment variables
 * (mvstore-server §14.1) with the same names and meanings, plus mvSQLite's own ({@code
 * --store-dir}, {@code --no-sync}, {@code --admin-token}, {@code --knob-commit-staged-threshold}).
 * Defaults and environment variables are in {@link FlagDefaults}.
 *
 * <p>{@link #toConfig()} turns the parsed flags into an immutable {@link MvstoreConfig}; {@link
 * #call()} runs the server until it is stopped (SIGTERM / Ctrl-C: graceful) or a listener dies. The
 * {@code mvsqlite serve} CLI reuses this class as a subcommand. Exit codes: 0 after a requested
 * stop, 1 when the server failed (a listener died, the store could not be opened), 2 for invalid
 * flags.
 */
@Command(
    name = "mvstore",
    mixinStandardHelpOptions = true,
    version = "mvstore (mvSQLite for the JVM) 0.1.0",
    defaultValueProvider = FlagDefaults.class,
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "Serves mvSQLite databases over HTTP: the data plane that SQLite clients use, and the admin API.",
      "Pages live in an embedded RocksDB store (--store-dir, the default) or in FoundationDB (--cluster).",
      "The admin API listens on loopback unless told otherwise; then it requires --admin-token.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  mvstore --data-plane 127.0.0.1:7000 --admin-api 127.0.0.1:7001",
      "  curl http://localhost:7001/api/create_namespace -d '{\"key\":\"test\"}'",
      "",
      "Logging: MVSTORE_LOG=error|warn|info|debug|trace (default info). See docs/http-api.md for the HTTP API."
    })
public final class MvstoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--data-plane",
      paramLabel = "HOST:PORT",
      description =
          "Data plane listen address; PORT alone binds 127.0.0.1; port 0 picks a free port."
              + " Env MVSTORE_DATA_PLANE.")
  String dataPlane;

  @Option(
      names = "--admin-api",
      paramLabel = "HOST:PORT",
      description =
          "Admin API listen address (not started with --read-only). A non-loopback address needs"
              + " --admin-token. Env MVSTORE_ADMIN_API.")
  String adminApi;

  @Option(
      names = "--admin-token",
      paramLabel = "TOKEN",
      description =
          "Require 'Authorization: Bearer TOKEN' on every admin request. Env MVSTORE_ADMIN_TOKEN.")
  String adminToken;

  @Option(names = "--json", description = "Log JSON lines instead of text.")
  boolean json;

  @Option(
      names = "--store-dir",
      paramLabel = "DIR",
      description =
          "Directory of the embedded RocksDB store, used when --cluster is not given"
              + " (default: ${DEFAULT-VALUE}). Env MVSTORE_STORE_DIR.")
  Path storeDir;

  @Option(
      names = "--no-sync",
      description =
          "Embedded store only: acknowledge commits before they are fsynced. Faster; a crash of the"
              + " process loses nothing, but a power loss may lose the last commits.")
  boolean noSync;

  @Option(
      names = "--cluster",
      paramLabel = "FILE",
      description =
          "Use the FoundationDB cluster of this cluster file instead of the embedded store"
              + " (needs the FoundationDB client library). Env MVSTORE_CLUSTER.")
  Path cluster;

  @Option(names = "--fdb-buggify", description = "FoundationDB client buggify. Testing only.")
  boolean fdbBuggify;

  @Option(
      names = "--raw-data-prefix",
      paramLabel = "PREFIX",
      description =
          "Raw byte prefix of the data keys (default: ${DEFAULT-VALUE}). Env MVSTORE_RAW_DATA_PREFIX.")
  String rawDataPrefix;

  @Option(
      names = "--metadata-prefix",
      paramLabel = "PREFIX",
      description =
          "Tuple-encoded prefix of the metadata keys (default: ${DEFAULT-VALUE})."
              + " Env MVSTORE_METADATA_PREFIX.")
  String metadataPrefix;

  @Option(
      names = "--auto-create-namespace",
      description = "Create unknown namespaces on data plane access.")
  boolean autoCreateNamespace;

  @Option(
      names = "--content-cache-size",
      paramLabel = "PAGES",
      description =
          "Decoded pages cached in memory; 0 disables the cache (default: ${DEFAULT-VALUE})."
              + " Env MVSTORE_CONTENT_CACHE_SIZE.")
  int contentCacheSize;

  @Option(
      names = "--verify-page-hashes",
      description =
          "Check that every page decoded from the store hashes to its address (BLAKE3); a mismatch is"
              + " DATA_CORRUPT. Off by default: it costs most of a cold read's CPU time.")
  boolean verifyPageHashes;

  @Option(
      names = "--wire-zstd",
      description = "zstd-compress page data on the wire when the client accepts it.")
  boolean wireZstd;

  @Option(
      names = "--read-only",
      description =
          "Read-only replica: writes, commits and namespace locks answer 403; no admin API.")
  boolean readOnly;

  @Option(
      names = "--dr-tag",
      paramLabel = "TAG",
      description =
          "FoundationDB DR tag of a read-only replica (default: ${DEFAULT-VALUE}). Env MVSTORE_DR_TAG.")
  String drTag;

  @Option(
      names = "--knob-gc-scan-batch-size",
      paramLabel = "N",
      description =
          "Keys per GC and truncation scan batch (default: ${DEFAULT-VALUE})."
              + " Env MVSTORE_KNOB_GC_SCAN_BATCH_SIZE.")
  int gcScanBatchSize;

  @Option(
      names = "--knob-gc-fresh-page-ttl-secs",
      paramLabel = "SECONDS",
      description =
          "Minimum age of unreferenced content before GC may delete it (default: ${DEFAULT-VALUE})."
              + " Env MVSTORE_KNOB_GC_FRESH_PAGE_TTL_SECS.")
  long gcFreshPageTtlSecs;

  @Option(
      names = "--knob-commit-multi-phase-threshold",
      paramLabel = "PAGES",
      description =
          "Pages (inclusive) from which a commit uses two phases (default: ${DEFAULT-VALUE})."
              + " Env MVSTORE_KNOB_COMMIT_MULTI_PHASE_THRESHOLD.")
  int commitMultiPhaseThreshold;

  @Option(
      names = "--knob-commit-staged-threshold",
      paramLabel = "PAGES",
      description =
          "Pages (inclusive) from which a commit is staged over many short transactions"
              + " (default: ${DEFAULT-VALUE}). Env MVSTORE_KNOB_COMMIT_STAGED_THRESHOLD.")
  int commitStagedThreshold;

  @Option(
      names = "--knob-plcc-read-set-size-threshold",
      paramLabel = "PAGES",
      description =
          "Largest total read set checked page by page (default: ${DEFAULT-VALUE})."
              + " Env MVSTORE_KNOB_PLCC_READ_SET_SIZE_THRESHOLD.")
  int plccReadSetSizeThreshold;

  @Option(
      names = "--knob-nslock-rollback-scan-batch-size",
      paramLabel = "N",
      description =
          "Page index keys per namespace-lock rollback batch (default: ${DEFAULT-VALUE})."
              + " Env MVSTORE_KNOB_NSLOCK_ROLLBACK_SCAN_BATCH_SIZE.")
  int nslockRollbackScanBatchSize;

  @Option(
      names = "--truncate-min-age-seconds",
      paramLabel = "SECONDS",
      description =
          "Refuse truncations of history younger than this; 0 = off (default: ${DEFAULT-VALUE})."
              + " Env MVSTORE_TRUNCATE_MIN_AGE_SECONDS.")
  long truncateMinAgeSeconds;

  /**
   * A command line for this command (the reusable entry point: {@code
   * commandLine().execute(args)}).
   */
  public static CommandLine commandLine() {
    return new CommandLine(new MvstoreCommand());
  }

  /**
   * The configuration the parsed flags describe.
   *
   * @throws MvException {@link io.mvsqlite.protocol.ErrorCode#CLIENT_CONFIG} for an invalid address
   *     or combination
   */
  public MvstoreConfig toConfig() {
    StoreConfig store =
        StoreConfig.defaults(metadataPrefix, rawDataPrefix)
            .withAutoCreateNamespace(autoCreateNamespace)
            .withContentCacheSize(contentCacheSize)
            .withWireZstd(wireZstd)
            .withVerifyPageHashes(verifyPageHashes)
            .withReadOnly(readOnly)
            .withGcScanBatchSize(gcScanBatchSize)
            .withGcFreshPageTtlSecs(gcFreshPageTtlSecs)
            .withCommitMultiPhaseThreshold(commitMultiPhaseThreshold)
            .withCommitStagedThreshold(commitStagedThreshold)
            .withPlccReadSetSizeThreshold(plccReadSetSizeThreshold)
            .withNslockRollbackScanBatchSize(nslockRollbackScanBatchSize)
            .withTruncateMinAgeSeconds(truncateMinAgeSeconds);
    MvstoreConfig.Backend backend =
        cluster != null
            ? new MvstoreConfig.FoundationDb(cluster, fdbBuggify)
            : new MvstoreConfig.Embedded(storeDir, !noSync);
    return new MvstoreConfig(
        dataPlane == null ? null : ListenAddress.parse(dataPlane),
        adminApi == null ? null : ListenAddress.parse(adminApi),
        adminToken,
        backend,
        json,
        drTag,
        store);
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    MvstoreConfig config;
    try {
      config = toConfig();
    } catch (MvException e) {
      err.println("mvstore: " + e.getMessage());
      err.flush();
      return 2;
    }
    Logging.configure(config.jsonLogs(), System.getenv("MVSTORE_LOG"));
    return MvstoreProcess.run(config, err);
  }
}
