package io.mvsqlite.client;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.MvException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The client's configuration: built once per process from system properties and the environment
 * ({@link #fromProcess()}), then per connection with the URI parameters of the database name
 * ({@link #withUriParameters}). Immutable. The names of each setting are in {@link Setting};
 * docs/client.md has the table with the defaults.
 *
 * <p><b>Backends.</b> A connection reaches its pages through exactly one {@link Backend}: mvstore
 * servers over HTTP ({@code dataPlane}), the engine in-process on an embedded store directory
 * ({@code store}) or on a FoundationDB cluster ({@code cluster}). The three settings form one
 * choice: the highest precedence level that sets any of them decides, and setting two of them at
 * that level is an error.
 *
 * <p>Invalid values fail with {@link MvException} {@link ErrorCode#CLIENT_CONFIG} and a message
 * naming the setting.
 *
 * @param backend where the pages live
 * @param pageSizeBytes page size of new namespaces (4096, 8192, 16384 or 32768); existing
 *     namespaces keep theirs
 * @param pageSizeRequired the page size was given for this connection ({@code pageSize=}): opening
 *     a namespace whose pages have another size fails instead of adopting that size
 * @param pageCacheSize pages each connection caches across transactions; 0 disables the cache
 * @param writeChunkSize pages per background upload, and the most pages a commit carries inline (1
 *     to 100)
 * @param prefetchDepth the most predicted pages read along with a missed page (0 disables prefetch;
 *     at most 199)
 * @param readAheadDepth the most sequential read-ahead batches a connection keeps in flight while
 *     SQLite reads pages in order (0 disables read-ahead; at most {@value #MAX_READ_AHEAD_DEPTH})
 * @param httpTimeout the timeout of one HTTP request
 * @param retryDeadline how long one operation retries transient failures before failing with {@link
 *     ErrorCode#DEADLINE_EXCEEDED}
 * @param lockOwner the namespace-lock owner connections claim to be, or {@code null}
 * @param autoCreateNamespace in-process backends create a namespace on first use instead of failing
 * @param timekeeperInterval in-process backends: how often the engine's timekeeper records a time
 *     point (5 s, as an mvstore); the connection that opens an engine decides, later connections
 *     share it as it is
 * @param dbNameMap exact database-name rewrites applied once at open ({@code from=to,...})
 * @param forceHttp2 use HTTP/2 (the JDK client negotiates it by upgrade; it has no prior-knowledge
 *     mode)
 * @param commitGroup the experimental commit-group functions are enabled
 */
public record ClientConfig(
    Backend backend,
    int pageSizeBytes,
    boolean pageSizeRequired,
    int pageCacheSize,
    int writeChunkSize,
    int prefetchDepth,
    int readAheadDepth,
    Duration httpTimeout,
    Duration retryDeadline,
    String lockOwner,
    boolean autoCreateNamespace,
    Duration timekeeperInterval,
    Map<String, String> dbNameMap,
    boolean forceHttp2,
    boolean commitGroup) {

  /** Page sizes a namespace may have. */
  public static final Set<Integer> PAGE_SIZES = Set.of(4096, 8192, 16384, 32768);

  public static final int DEFAULT_PAGE_SIZE = 8192;
  public static final int DEFAULT_PAGE_CACHE_SIZE = 5000;
  public static final int DEFAULT_WRITE_CHUNK_SIZE = 10;

  /**
   * Prefetch depth by default: measured to pay (docs/client.md §8); the reference's default is 0
   * (off).
   */
  public static final int DEFAULT_PREFETCH_DEPTH = 16;

  /** Read-ahead batches in flight by default: measured in docs/client.md §8. */
  public static final int DEFAULT_READ_AHEAD_DEPTH = 2;

  /** The most read-ahead batches a connection may keep in flight. */
  public static final int MAX_READ_AHEAD_DEPTH = 8;

  public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RETRY_DEADLINE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TIMEKEEPER_INTERVAL = Duration.ofSeconds(5);

  /** Where a connection's pages live. */
  public sealed interface Backend permits DataPlane, EmbeddedStore, FdbCluster, Unconfigured {}

  /** mvstore servers; every request goes to one of {@code urls} chosen at random. */
  public record DataPlane(List<URI> urls) implements Backend {
    public DataPlane {
      urls = List.copyOf(urls);
      if (urls.isEmpty()) {
        throw new IllegalArgumentException("at least one data-plane URL");
      }
    }
  }

  /** The engine in-process over an embedded (RocksDB) store in {@code directory}. */
  public record EmbeddedStore(Path directory) implements Backend {
    public EmbeddedStore {
      Objects.requireNonNull(directory, "directory");
    }
  }

  /** The engine in-process over the FoundationDB cluster of {@code clusterFile}. */
  public record FdbCluster(Path clusterFile) implements Backend {
    public FdbCluster {
      Objects.requireNonNull(clusterFile, "clusterFile");
    }
  }

  /** Nothing configured: opening a database fails with a message saying what to set. */
  public record Unconfigured() implements Backend {}

  public ClientConfig {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(httpTimeout, "httpTimeout");
    Objects.requireNonNull(retryDeadline, "retryDeadline");
    Objects.requireNonNull(timekeeperInterval, "timekeeperInterval");
    dbNameMap = Collections.unmodifiableMap(new LinkedHashMap<>(dbNameMap));
    if (!PAGE_SIZES.contains(pageSizeBytes)) {
      throw invalid(
          Setting.PAGE_SIZE, Integer.toString(pageSizeBytes), "4096, 8192, 16384 or 32768");
    }
  }

  /** The defaults, with no backend configured. */
  public static ClientConfig defaults() {
    return new ClientConfig(
        new Unconfigured(),
        DEFAULT_PAGE_SIZE,
        false,
        DEFAULT_PAGE_CACHE_SIZE,
        DEFAULT_WRITE_CHUNK_SIZE,
        DEFAULT_PREFETCH_DEPTH,
        DEFAULT_READ_AHEAD_DEPTH,
        DEFAULT_HTTP_TIMEOUT,
        DEFAULT_RETRY_DEADLINE,
        null,
        false,
        DEFAULT_TIMEKEEPER_INTERVAL,
        Map.of(),
        false,
        false);
  }

  /**
   * The configuration of this process: system properties over environment variables over the
   * defaults.
   */
  public static ClientConfig fromProcess() {
    return from(System::getProperty, System::getenv);
  }

  /**
   * The configuration given by {@code properties} (system properties) over {@code environment} over
   * the defaults.
   *
   * @throws MvException {@link ErrorCode#CLIENT_CONFIG} for an invalid value
   */
  public static ClientConfig from(
      Function<String, String> properties, Function<String, String> environment) {
    Map<Setting, String> fromEnvironment = read(environment, Setting::environment);
    Map<Setting, String> fromProperties = read(properties, Setting::property);
    return defaults().apply(fromEnvironment).apply(fromProperties);
  }

  /**
   * This configuration with the settings that {@code uriParameters} (a database name's URI
   * parameters) give; keys that are not settings (SQLite's {@code vfs}, {@code mode}, ...) are
   * ignored. A {@code pageSize} given here is required of the namespace ({@link
   * #pageSizeRequired()}).
   *
   * @throws MvException {@link ErrorCode#CLIENT_CONFIG} for an invalid value
   */
  public ClientConfig withUriParameters(Map<String, String> uriParameters) {
    Map<Setting, String> given = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) {
      if (s.uriKey() != null && uriParameters.containsKey(s.uriKey())) {
        given.put(s, uriParameters.get(s.uriKey()));
      }
    }
    ClientConfig applied = apply(given);
    return given.containsKey(Setting.PAGE_SIZE)
        ? applied.withPageSize(applied.pageSizeBytes, true)
        : applied;
  }

  /** This configuration with another default page size. */
  public ClientConfig withPageSize(int bytes, boolean required) {
    return new ClientConfig(
        backend,
        bytes,
        required,
        pageCacheSize,
        writeChunkSize,
        prefetchDepth,
        readAheadDepth,
        httpTimeout,
        retryDeadline,
        lockOwner,
        autoCreateNamespace,
        timekeeperInterval,
        dbNameMap,
        forceHttp2,
        commitGroup);
  }

  /** This configuration with another backend. */
  public ClientConfig withBackend(Backend value) {
    return new ClientConfig(
        value,
        pageSizeBytes,
        pageSizeRequired,
        pageCacheSize,
        writeChunkSize,
        prefetchDepth,
        readAheadDepth,
        httpTimeout,
        retryDeadline,
        lockOwner,
        autoCreateNamespace,
        timekeeperInterval,
        dbNameMap,
        forceHttp2,
        commitGroup);
  }

  private static Map<Setting, String> read(
      Function<String, String> source, Function<Setting, String> name) {
    Map<Setting, String> out = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) {
      String value = source.apply(name.apply(s));
      if (value != null && !value.isEmpty()) {
        out.put(s, value);
      }
    }
    return out;
  }

  /**
   * This configuration overridden by {@code given}, which holds the settings of one precedence
   * level.
   */
  private ClientConfig apply(Map<Setting, String> given) {
    Backend b = backend(given);
    return new ClientConfig(
        b == null ? backend : b,
        given.containsKey(Setting.PAGE_SIZE)
            ? pageSize(given.get(Setting.PAGE_SIZE))
            : pageSizeBytes,
        pageSizeRequired,
        intIn(given, Setting.PAGE_CACHE_SIZE, 0, Integer.MAX_VALUE, pageCacheSize),
        intIn(
            given, Setting.WRITE_CHUNK_SIZE, 1, Limits.MAX_FAST_WRITES_PER_COMMIT, writeChunkSize),
        intIn(given, Setting.PREFETCH_DEPTH, 0, Limits.MAX_PAGES_PER_READ - 1, prefetchDepth),
        intIn(given, Setting.READ_AHEAD_DEPTH, 0, MAX_READ_AHEAD_DEPTH, readAheadDepth),
        seconds(given, Setting.HTTP_TIMEOUT, false, httpTimeout),
        seconds(given, Setting.RETRY_DEADLINE, true, retryDeadline),
        given.containsKey(Setting.LOCK_OWNER)
            ? lockOwner(given.get(Setting.LOCK_OWNER))
            : lockOwner,
        bool(given, Setting.AUTO_CREATE_NAMESPACE, autoCreateNamespace),
        millis(given, Setting.TIMEKEEPER_INTERVAL, timekeeperInterval),
        given.containsKey(Setting.DB_NAME_MAP)
            ? nameMap(given.get(Setting.DB_NAME_MAP))
            : dbNameMap,
        bool(given, Setting.FORCE_HTTP2, forceHttp2),
        bool(given, Setting.COMMIT_GROUP, commitGroup));
  }

  /** The backend {@code given} chooses, or {@code null} if it names none. */
  private static Backend backend(Map<Setting, String> given) {
    List<Setting> named = new ArrayList<>();
    for (Setting s : List.of(Setting.DATA_PLANE, Setting.STORE, Setting.CLUSTER)) {
      if (given.containsKey(s)) {
        named.add(s);
      }
    }
    if (named.isEmpty()) {
      return null;
    }
    if (named.size() > 1) {
      throw new MvException(
          ErrorCode.CLIENT_CONFIG,
          "choose one backend: "
              + named.stream().map(ClientConfig::describe).toList()
              + " are all set at the same"
              + " level; keep only one of dataPlane (mvstore URLs), store (embedded store directory) and cluster"
              + " (FoundationDB cluster file)");
    }
    Setting s = named.getFirst();
    String value = given.get(s).trim();
    return switch (s) {
      case DATA_PLANE -> new DataPlane(urls(value));
      case STORE -> new EmbeddedStore(path(s, value));
      case CLUSTER -> new FdbCluster(path(s, value));
      default -> throw new IllegalStateException(s.name());
    };
  }

  private static List<URI> urls(String value) {
    List<URI> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String text = part.trim();
      if (text.isEmpty()) {
        continue;
      }
      URI uri;
      try {
        uri = new URI(text);
      } catch (java.net.URISyntaxException e) {
        throw invalid(Setting.DATA_PLANE, text, "an http:// or https:// URL");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw invalid(Setting.DATA_PLANE, text, "an http:// or https:// URL with a host");
      }
      out.add(URI.create(text.replaceAll("/+$", "")));
    }
    if (out.isEmpty()) {
      throw invalid(Setting.DATA_PLANE, value, "one or more comma-separated http:// URLs");
    }
    return out;
  }

  private static Path path(Setting s, String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw invalid(s, value, "a file system path");
    }
  }

  private static int pageSize(String value) {
    int size = parseInt(Setting.PAGE_SIZE, value);
    if (!PAGE_SIZES.contains(size)) {
      throw invalid(Setting.PAGE_SIZE, value, "4096, 8192, 16384 or 32768");
    }
    return size;
  }

  private static int intIn(Map<Setting, String> given, Setting s, int min, int max, int fallback) {
    if (!given.containsKey(s)) {
      return fallback;
    }
    int v = parseInt(s, given.get(s));
    if (v < min || v > max) {
      throw invalid(s, given.get(s), "an integer from " + min + " to " + max);
    }
    return v;
  }

  private static int parseInt(Setting s, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw invalid(s, value, "an integer");
    }
  }

  private static Duration seconds(
      Map<Setting, String> given, Setting s, boolean zeroAllowed, Duration fallback) {
    if (!given.containsKey(s)) {
      return fallback;
    }
    String value = given.get(s);
    try {
      BigDecimal secs = new BigDecimal(value.trim());
      long millis = secs.movePointRight(3).longValueExact();
      if (millis < 0 || (millis == 0 && !zeroAllowed) || millis > 86_400_000L * 365) {
        throw new ArithmeticException();
      }
      return Duration.ofMillis(millis);
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(
          s,
          value,
          (zeroAllowed ? "a non-negative" : "a positive") + " number of seconds (e.g. 2.5)");
    }
  }

  private static Duration millis(Map<Setting, String> given, Setting s, Duration fallback) {
    return given.containsKey(s) ? Duration.ofMillis(intIn(given, s, 1, 86_400_000, 0)) : fallback;
  }

  private static boolean bool(Map<Setting, String> given, Setting s, boolean fallback) {
    if (!given.containsKey(s)) {
      return fallback;
    }
    String value = given.get(s).trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "1", "true", "yes", "on" -> true;
      case "0", "false", "no", "off", "" -> false;
      default -> throw invalid(s, given.get(s), "1 or 0 (true or false)");
    };
  }

  private static String lockOwner(String value) {
    if (value.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_LOCK_OWNER_BYTES) {
      throw invalid(Setting.LOCK_OWNER, value, "at most " + Limits.MAX_LOCK_OWNER_BYTES + " bytes");
    }
    return value.isEmpty() ? null : value;
  }

  private static Map<String, String> nameMap(String value) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : value.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw invalid(Setting.DB_NAME_MAP, value, "from=to pairs separated by commas");
      }
      out.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
    }
    return out;
  }

  private static MvException invalid(Setting s, String value, String expected) {
    String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    return new MvException(
        ErrorCode.CLIENT_CONFIG,
        "invalid " + describe(s) + ": '" + shown + "'; expected " + expected);
  }

  /**
   * The setting's names, for messages: {@code pageSize (MVSQLITE_SECTOR_SIZE,
   * -Dmvsqlite.sectorSize)}.
   */
  static String describe(Setting s) {
    String env = s.environment() + ", -D" + s.property();
    return s.uriKey() == null ? env : s.uriKey() + " (" + env + ")";
  }
}
