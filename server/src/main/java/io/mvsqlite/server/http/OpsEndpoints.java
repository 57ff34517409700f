package io.mvsqlite.server.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Operations endpoints: {@code /health} and {@code /metrics} (served on both listeners: they change
 * nothing, and a read-only replica has no admin listener), and {@code /fdb/status} (admin listener
 * only, as in the reference).
 *
 * <p>{@code /health} answers {@code 200 {"status":"ok","backend":...}} after one successful read of
 * the key-value store, and {@code 503 BACKEND_UNAVAILABLE} if that read fails or takes longer than
 * the probe timeout (a FoundationDB cluster that cannot be reached makes reads wait rather than
 * fail). At most one probe runs at a time; concurrent health checks share it, so an unreachable
 * backend cannot pile up blocked threads.
 *
 * <p>Thread-safe.
 */
public final class OpsEndpoints {

  /** The {@code /health} answer. */
  public record Health(
      @JsonProperty("status") String status, @JsonProperty("backend") String backend) {}

  private final BackendOps backend;
  private final ServerMetrics metrics;
  private final Duration probeTimeout;
  private final AtomicReference<CompletableFuture<Void>> inFlight = new AtomicReference<>();

  public OpsEndpoints(BackendOps backend, ServerMetrics metrics, Duration probeTimeout) {
    this.backend = backend;
    this.metrics = metrics;
    this.probeTimeout = probeTimeout;
  }

  /** {@code /health} and {@code /metrics}. */
  public List<Route> commonRoutes() {
    return List.of(Route.of("/health", this::health), Route.of("/metrics", this::metrics));
  }

  /** {@code /fdb/status}. */
  public List<Route> adminRoutes() {
    return List.of(Route.of("/fdb/status", this::fdbStatus));
  }

  private void health(Exchange x) throws InterruptedException {
    CompletableFuture<Void> probe = probe();
    try {
      probe.get(probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new MvException(
          ErrorCode.BACKEND_UNAVAILABLE,
          "the key-value store did not answer within "
              + probeTimeout.toMillis()
              + " ms: "
              + backend.describe());
    } catch (ExecutionException e) {
      throw new MvException(
          ErrorCode.BACKEND_UNAVAILABLE,
          "the key-value store is unreachable: "
              + backend.describe()
              + ": "
              + e.getCause().getMessage(),
          e.getCause());
    }
    x.sendJson(200, new Health("ok", backend.describe()));
  }

  private CompletableFuture<Void> probe() {
    while (true) {
      CompletableFuture<Void> current = inFlight.get();
      if (current != null && !current.isDone()) {
        return current;
      }
      CompletableFuture<Void> next = new CompletableFuture<>();
      if (inFlight.compareAndSet(current, next)) {
        Thread.ofVirtual()
            .name("mvstore-health-probe")
            .start(
                () -> {
                  try {
                    backend.probe();
                    next.complete(null);
                  } catch (Throwable t) {
                    next.completeExceptionally(t);
                  }
                });
        return next;
      }
    }
  }

  private void metrics(Exchange x) {
    x.send(200, ServerMetrics.CONTENT_TYPE, metrics.scrape().getBytes(StandardCharsets.UTF_8));
  }

  private void fdbStatus(Exchange x) {
    byte[] status = backend.fdbStatus();
    if (status == null) {
      throw new MvException(ErrorCode.NOT_FOUND, "FoundationDB returned no status");
    }
    x.send(200, "application/json", status);
  }
}
