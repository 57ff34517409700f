package io.mvsqlite.stress;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a stress run is told, built once ({@link #builder()}) and never changed.
 *
 * @param target where the pages live
 * @param nsKey the namespace to stress; created if missing (needs the admin API). Nobody else may
 *     write it during the run: the model assumes it sees every commit
 * @param concurrency concurrent tasks (virtual threads)
 * @param iterations random actions per task
 * @param duration if non-null, tasks stop when it has passed (and after {@code iterations} at the
 *     latest)
 * @param pages page indices used: {@code [0, pages)}
 * @param pageSizeBytes bytes of a freshly written page
 * @param maxPagesPerWrite a write action writes 1 to this many pages
 * @param seed the seed of every random choice of the tester (printed in the report)
 * @param disableReadSet never send a read set (every commit takes the namespace-level conflict
 *     check)
 * @param disableRyw do not read back pages a transaction wrote, unless it holds a transaction lease
 *     (whose uploads GC must keep, so reading them back stays checkable)
 * @param permit410 accept {@code BAD_PAGE_REFERENCE} (410) on commits and read-backs of
 *     transactions without a lease (content GC with a 0 s fresh-page TTL may collect their uploads
 *     before they commit)
 * @param leaseProbability probability that a transaction carries a transaction lease (mvSQLite
 *     extension)
 * @param truncateIntervalMaxMillis the truncation worker waits 1 ms to this long between runs; 0
 *     disables it
 * @param gcIntervalMaxMillis the content GC worker waits 1 ms to this long between runs; 0 disables
 *     it
 * @param retryDeadline how long transient failures of one call are retried ({@code
 *     RetryingPageStore})
 * @param httpTimeout the timeout of one HTTP request
 */
public record StressConfig(
    Target target,
    String nsKey,
    int concurrency,
    int iterations,
    Duration duration,
    int pages,
    int pageSizeBytes,
    int maxPagesPerWrite,
    long seed,
    boolean disableReadSet,
    boolean disableRyw,
    boolean permit410,
    double leaseProbability,
    long truncateIntervalMaxMillis,
    long gcIntervalMaxMillis,
    Duration retryDeadline,
    Duration httpTimeout) {

  /** Where the pages live. */
  public sealed interface Target permits Remote, InProcessServer, Direct {}

  /**
   * A running mvstore (ours or the reference).
   *
   * @param dataPlane the data plane's base URL, e.g. {@code http://127.0.0.1:7000}
   * @param adminApi the admin API's base URL, or {@code null}: then no truncation, no content GC,
   *     and the namespace must exist
   * @param adminToken the admin bearer token, or {@code null}
   */
  public record Remote(URI dataPlane, URI adminApi, String adminToken) implements Target {
    public Remote {
      Objects.requireNonNull(dataPlane, "dataPlane");
    }
  }

  /**
   * An mvstore started in this process: the embedded RocksDB store (strict mode), both listeners on
   * free loopback ports, driven over HTTP.
   *
   * @param storeDir the store directory, or {@code null} for a temporary one deleted afterwards
   */
  public record InProcessServer(EngineKnobs knobs, Path storeDir) implements Target {
    public InProcessServer {
      Objects.requireNonNull(knobs, "knobs");
    }
  }

  /**
   * The engine in this process without HTTP ("direct mode"), on the embedded RocksDB store (strict
   * mode).
   *
   * @param storeDir the store directory, or {@code null} for a temporary one deleted afterwards
   */
  public record Direct(EngineKnobs knobs, Path storeDir) implements Target {
    public Direct {
      Objects.requireNonNull(knobs, "knobs");
    }
  }

  public StressConfig {
    Objects.requireNonNull(target, "target");
    if (nsKey == null || nsKey.isEmpty()) {
      throw new IllegalArgumentException("a namespace key is required");
    }
    requirePositive(concurrency, "concurrency");
    requirePositive(iterations, "iterations");
    requirePositive(pages, "pages");
    requirePositive(maxPagesPerWrite, "maxPagesPerWrite");
    if (pageSizeBytes < 64 || pageSizeBytes > io.mvsqlite.protocol.Limits.MAX_PAGE_BYTES) {
      throw new IllegalArgumentException("pageSizeBytes must be in [64, 32768]: " + pageSizeBytes);
    }
    if (!(leaseProbability >= 0 && leaseProbability <= 1)) {
      throw new IllegalArgumentException("leaseProbability must be in [0, 1]: " + leaseProbability);
    }
    if (truncateIntervalMaxMillis < 0 || gcIntervalMaxMillis < 0) {
      throw new IllegalArgumentException("worker intervals must not be negative");
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("duration must be positive: " + duration);
    }
    Objects.requireNonNull(retryDeadline, "retryDeadline");
    Objects.requireNonNull(httpTimeout, "httpTimeout");
  }

  /** The knobs of an engine this run starts, or {@code null} against a remote server. */
  public EngineKnobs knobs() {
    return switch (target) {
      case Remote r -> null;
      case InProcessServer s -> s.knobs();
      case Direct d -> d.knobs();
    };
  }

  /** The command-line flags that repeat this run (for the report). */
  public String describe() {
    String where =
        switch (target) {
          case Remote r ->
              "--data-plane "
                  + r.dataPlane()
                  + (r.adminApi() == null ? "" : " --admin-api " + r.adminApi());
          case InProcessServer s -> "--in-process " + s.knobs().flags();
          case Direct d -> "--direct " + d.knobs().flags();
        };
    return where
        + " --ns-key "
        + nsKey
        + " --concurrency "
        + concurrency
        + " --iterations "
        + iterations
        + (duration == null ? "" : " --duration " + duration.toMillis() + "ms")
        + " --pages "
        + pages
        + " --page-size "
        + pageSizeBytes
        + " --max-pages-per-write "
        + maxPagesPerWrite
        + " --seed "
        + seed
        + (disableReadSet ? " --disable-read-set" : "")
        + (disableRyw ? " --disable-ryw" : "")
        + (permit410 ? " --permit-410" : "")
        + " --lease-probability "
        + leaseProbability;
  }

  private static void requirePositive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link StressConfig}; the defaults are the reference CI's ({@code --concurrency 50
   * --iterations 1000 --pages 1000}) against an in-process server with default knobs. Not
   * thread-safe.
   */
  public static final class Builder {
    private Target target = new InProcessServer(EngineKnobs.defaults(), null);
    private String nsKey = "stress";
    private int concurrency = 50;
    private int iterations = 1000;
    private Duration duration;
    private int pages = 1000;
    private int pageSizeBytes = 4096;
    private int maxPagesPerWrite = 10;
    private long seed = System.nanoTime();
    private boolean disableReadSet;
    private boolean disableRyw;
    private boolean permit410;
    private double leaseProbability = 0.5;
    private long truncateIntervalMaxMillis = 999;
    private long gcIntervalMaxMillis = 4999;
    private Duration retryDeadline = Duration.ofSeconds(60);
    private Duration httpTimeout = Duration.ofSeconds(30);

    private Builder() {}

    public Builder target(Target v) {
      target = v;
      return this;
    }

    public Builder nsKey(String v) {
      nsKey = v;
      return this;
    }

    public Builder concurrency(int v) {
      concurrency = v;
      return this;
    }

    public Builder iterations(int v) {
      iterations = v;
      return this;
    }

    public Builder duration(Duration v) {
      duration = v;
      return this;
    }

    public Builder pages(int v) {
      pages = v;
      return this;
    }

    public Builder pageSizeBytes(int v) {
      pageSizeBytes = v;
      return this;
    }

    public Builder maxPagesPerWrite(int v) {
      maxPagesPerWrite = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder disableReadSet(boolean v) {
      disableReadSet = v;
      return this;
    }

    public Builder disableRyw(boolean v) {
      disableRyw = v;
      return this;
    }

    public Builder permit410(boolean v) {
      permit410 = v;
      return this;
    }

    public Builder leaseProbability(double v) {
      leaseProbability = v;
      return this;
    }

    public Builder truncateIntervalMaxMillis(long v) {
      truncateIntervalMaxMillis = v;
      return this;
    }

    public Builder gcIntervalMaxMillis(long v) {
      gcIntervalMaxMillis = v;
      return this;
    }

    public Builder retryDeadline(Duration v) {
      retryDeadline = v;
      return this;
    }

    public Builder httpTimeout(Duration v) {
      httpTimeout = v;
      return this;
    }

    public StressConfig build() {
      return new StressConfig(
          target,
          nsKey,
          concurrency,
          iterations,
          duration,
          pages,
          pageSizeBytes,
          maxPagesPerWrite,
          seed,
          disableReadSet,
          disableRyw,
          permit410,
          leaseProbability,
          truncateIntervalMaxMillis,
          gcIntervalMaxMillis,
          retryDeadline,
          httpTimeout);
    }
  }
}
