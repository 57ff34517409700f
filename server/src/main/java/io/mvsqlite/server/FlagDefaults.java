package io.mvsqlite.server;

import io.mvsqlite.store.StoreConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of {@link MvstoreCommand}'s flags, in one table: each flag's environment variable
 * (the reference's {@code MVSTORE_*} names, §14.1, plus ours) and its fallback value. An
 * environment variable that is set and not empty wins over the fallback; a flag on the command line
 * wins over both. Knob fallbacks come from {@link StoreConfig#defaults}, so the engine's defaults
 * are stated once.
 *
 * <p>Immutable and thread-safe.
 */
public final class FlagDefaults implements IDefaultValueProvider {

  /**
   * The metadata prefix when none is given (the reference requires the flag; its deployments use
   * "mvstore").
   */
  public static final String DEFAULT_METADATA_PREFIX = "mvstore";

  /**
   * The raw data prefix when none is given (the reference requires the flag; its deployments use
   * "m").
   */
  public static final String DEFAULT_RAW_DATA_PREFIX = "m";

  /** The embedded store's directory when none is given. */
  public static final String DEFAULT_STORE_DIR = "./mvstore-data";

  private record Flag(String env, String fallback) {}

  private static final Map<String, Flag> FLAGS = table();

  private final Function<String, String> env;

  /** Defaults from the process environment (picocli instantiates this). */
  public FlagDefaults() {
    this(System::getenv);
  }

  /** Defaults from {@code env}, a lookup of environment variables (tests pass a map). */
  public FlagDefaults(Function<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /** The environment variable of each flag that has one, by flag name. */
  public static Map<String, String> environmentVariables() {
    Map<String, String> out = new LinkedHashMap<>();
    FLAGS.forEach((flag, f) -> out.put(flag, f.env()));
    return out;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    Flag flag = FLAGS.get(option.longestName());
    if (flag == null) {
      return null;
    }
    String value = env.apply(flag.env());
    return value != null && !value.isEmpty() ? value : flag.fallback();
  }

  private static Map<String, Flag> table() {
    StoreConfig d = StoreConfig.defaults(DEFAULT_METADATA_PREFIX, DEFAULT_RAW_DATA_PREFIX);
    Map<String, Flag> m = new LinkedHashMap<>();
    m.put("--data-plane", new Flag("MVSTORE_DATA_PLANE", null));
    m.put("--admin-api", new Flag("MVSTORE_ADMIN_API", null));
    m.put("--admin-token", new Flag("MVSTORE_ADMIN_TOKEN", null));
    m.put("--cluster", new Flag("MVSTORE_CLUSTER", null));
    m.put("--store-dir", new Flag("MVSTORE_STORE_DIR", DEFAULT_STORE_DIR));
    m.put("--raw-data-prefix", new Flag("MVSTORE_RAW_DATA_PREFIX", DEFAULT_RAW_DATA_PREFIX));
    m.put("--metadata-prefix", new Flag("MVSTORE_METADATA_PREFIX", DEFAULT_METADATA_PREFIX));
    m.put(
        "--content-cache-size", new Flag("MVSTORE_CONTENT_CACHE_SIZE", str(d.contentCacheSize())));
    m.put("--dr-tag", new Flag("MVSTORE_DR_TAG", "default"));
    m.put(
        "--knob-gc-scan-batch-size",
        new Flag("MVSTORE_KNOB_GC_SCAN_BATCH_SIZE", str(d.gcScanBatchSize())));
    m.put(
        "--knob-gc-fresh-page-ttl-secs",
        new Flag("MVSTORE_KNOB_GC_FRESH_PAGE_TTL_SECS", str(d.gcFreshPageTtlSecs())));
    m.put(
        "--knob-commit-multi-phase-threshold",
        new Flag("MVSTORE_KNOB_COMMIT_MULTI_PHASE_THRESHOLD", str(d.commitMultiPhaseThreshold())));
    m.put(
        "--knob-plcc-read-set-size-threshold",
        new Flag("MVSTORE_KNOB_PLCC_READ_SET_SIZE_THRESHOLD", str(d.plccReadSetSizeThreshold())));
    m.put(
        "--knob-nslock-rollback-scan-batch-size",
        new Flag(
            "MVSTORE_KNOB_NSLOCK_ROLLBACK_SCAN_BATCH_SIZE", str(d.nslockRollbackScanBatchSize())));
    m.put(
        "--truncate-min-age-seconds",
        new Flag("MVSTORE_TRUNCATE_MIN_AGE_SECONDS", str(d.truncateMinAgeSeconds())));
    m.put(
        "--knob-commit-staged-threshold",
        new Flag("MVSTORE_KNOB_COMMIT_STAGED_THRESHOLD", str(d.commitStagedThreshold())));
    return Collections.unmodifiableMap(m);
  }

  private static String str(long v) {
    return Long.toString(v);
  }
}
