package io.mvsqlite.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mvsqlite.protocol.ErrorCode;
import java.time.Duration;

/**
 * The server's metrics, exported in Prometheus text format on {@code /metrics}:
 *
 * <ul>
 *   <li>{@code mvstore_http_requests_seconds{listener,endpoint,status}}: count and latency of every
 *       request, by listener ({@code data} / {@code admin}), endpoint path (unknown paths count as
 *       {@code other}) and status;
 *   <li>{@code mvstore_errors_total{code}}: error responses by {@link ErrorCode};
 *   <li>{@code mvstore_kv_errors_total{error}}: failures that came from the key-value store, by KV
 *       error;
 *   <li>{@code mvstore_commits_total{outcome}}: commits by outcome ({@code committed}, {@code
 *       conflict}, {@code bad_page_reference}, {@code error});
 *   <li>{@code mvstore_pages_read_total}, {@code mvstore_pages_written_total{kind}} ({@code upload}
 *       for {@code /batch/write}, {@code commit} for page entries of successful commits);
 *   <li>the JVM's memory, GC, threads, class loading, CPU and uptime.
 * </ul>
 *
 * <p>Thread-safe; one instance per server, shared by both listeners.
 */
public final class ServerMetrics implements AutoCloseable {

  /** The content type of {@link #scrape()}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final Counter pagesRead;
  private final Counter pagesUploaded;
  private final Counter pagesCommitted;

  public ServerMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    pagesRead =
        Counter.builder("mvstore.pages.read")
            .description("pages answered by /batch/read")
            .register(registry);
    pagesUploaded =
        Counter.builder("mvstore.pages.written")
            .tag("kind", "upload")
            .description("pages uploaded by /batch/write, and page entries of successful commits")
            .register(registry);
    pagesCommitted =
        Counter.builder("mvstore.pages.written")
            .tag("kind", "commit")
            .description("pages uploaded by /batch/write, and page entries of successful commits")
            .register(registry);
  }

  /** Records one answered request. */
  public void request(String listener, String endpoint, int status, long nanos) {
    Timer.builder("mvstore.http.requests")
        .description("HTTP requests by listener, endpoint and status")
        .tag("listener", listener)
        .tag("endpoint", endpoint)
        .tag("status", Integer.toString(status))
        .register(registry)
        .record(Duration.ofNanos(nanos));
  }

  /** Records one error response. */
  public void error(ErrorCode code) {
    Counter.builder("mvstore.errors")
        .tag("code", code.name())
        .description("error responses by code")
        .register(registry)
        .increment();
  }

  /**
   * Commits recorded with {@code outcome} so far (what {@code mvstore_commits_total{outcome}}
   * shows).
   */
  public long commits(String outcome) {
    Counter counter = registry.find("mvstore.commits").tag("outcome", outcome).counter();
    return counter == null ? 0 : (long) counter.count();
  }

  /** Records a failure that came from the key-value store. */
  public void kvError(String error) {
    Counter.builder("mvstore.kv.errors")
        .tag("error", error)
        .description("key-value store failures by error")
        .register(registry)
        .increment();
  }

  /** Records a commit outcome: committed, conflict, bad_page_reference or error. */
  public void commit(String outcome) {
    Counter.builder("mvstore.commits")
        .tag("outcome", outcome)
        .description("commits by outcome")
        .register(registry)
        .increment();
  }

  public void pagesRead(int n) {
    pagesRead.increment(n);
  }

  public void pagesUploaded(int n) {
    pagesUploaded.increment(n);
  }

  public void pagesCommitted(int n) {
    pagesCommitted.increment(n);
  }

  /** Every metric in Prometheus text format 0.0.4. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
