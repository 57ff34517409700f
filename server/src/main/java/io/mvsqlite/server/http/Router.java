package io.mvsqlite.server.http;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The Jetty handler of one listener: routes by path only (the HTTP method is not checked, as in the
 * reference), applies the listener's guard (the admin token), runs the endpoint, sends every
 * failure through {@link ErrorReplies} and records each request in {@link ServerMetrics}. Unknown
 * paths answer {@code 404 "not found"}.
 *
 * <p>Jetty invokes it on a virtual thread (the server's thread pool has a virtual-thread executor
 * and this handler is blocking), so endpoints block freely. Thread-safe: immutable after
 * construction.
 */
public final class Router extends Handler.Abstract {

  /** Checks a request before routing it, throwing an {@link MvException} to refuse it. */
  @FunctionalInterface
  public interface Guard {
    void check(Exchange x);

    Guard NONE = x -> {};
  }

  private static final String OTHER = "other";

  private final String listener;
  private final Map<String, Route> routes;
  private final Guard guard;
  private final ErrorReplies errors;
  private final ServerMetrics metrics;

  /**
   * @param listener the listener's name in metrics ({@code data} or {@code admin})
   */
  public Router(
      String listener,
      List<Route> routes,
      Guard guard,
      ErrorReplies errors,
      ServerMetrics metrics) {
    super(InvocationType.BLOCKING);
    this.listener = listener;
    Map<String, Route> byPath = new HashMap<>();
    for (Route r : routes) {
      if (byPath.put(r.path(), r) != null) {
        throw new IllegalArgumentException("duplicate route " + r.path());
      }
    }
    this.routes = Map.copyOf(byPath);
    this.guard = guard;
    this.errors = errors;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    Exchange x = new Exchange(request, response, callback);
    Route route = routes.get(x.path());
    try {
      guard.check(x);
      if (route == null) {
        throw new MvException(ErrorCode.NOT_FOUND, "not found");
      }
      route.endpoint().handle(x);
      if (!x.isCompleted()) {
        throw new IllegalStateException("endpoint " + route.path() + " returned without answering");
      }
    } catch (Throwable t) {
      errors.reply(x, t);
    }
    metrics.request(
        listener, route == null ? OTHER : route.path(), x.status(), System.nanoTime() - start);
    return true;
  }
}
