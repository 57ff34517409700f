package io.mvsqlite.server;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.server.http.AdminEndpoints;
import io.mvsqlite.server.http.BearerAuth;
import io.mvsqlite.server.http.DataPlaneEndpoints;
import io.mvsqlite.server.http.ErrorReplies;
import io.mvsqlite.server.http.HistoryEndpoints;
import io.mvsqlite.server.http.JettyErrors;
import io.mvsqlite.server.http.OpsEndpoints;
import io.mvsqlite.server.http.Route;
import io.mvsqlite.server.http.Router;
import io.mvsqlite.server.http.ServerMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running mvstore: up to two independent HTTP listeners over one {@link StoreBackend}.
 *
 * <ul>
 *   <li>The <b>data plane</b> ({@link DataPlaneEndpoints}, plus {@code /health} and {@code
 *       /metrics}).
 *   <li>The <b>admin API</b> ({@link AdminEndpoints}, {@link HistoryEndpoints}, {@code
 *       /fdb/status}, {@code /health}, {@code /metrics}), not started on a read-only replica,
 *       guarded by {@link BearerAuth} when a token is set.
 * </ul>
 *
 * <p>Each listener is its own Jetty server (Jetty 12 core handlers, no servlets) with one connector
 * that speaks HTTP/1.1 and h2c with prior knowledge on the same port, {@code TCP_NODELAY} on
 * accepted sockets, and handlers invoked on virtual threads. Stopping is graceful: new connections
 * are refused and requests in progress get up to {@link #STOP_TIMEOUT} to finish. If a listener
 * stops on its own, {@link #awaitTermination()} reports it, and the process exits non-zero.
 *
 * <p>The server does not own the backend: whoever opened it closes it, after closing the server.
 * Thread-safe.
 */
public final class MvstoreServer implements AutoCloseable {

  /** How long a graceful stop waits for requests in progress. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  /**
   * How long a connection may stay silent (long enough for slow commits and long truncations
   * between lines).
   */
  static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

  /** How long {@code /health} waits for its key-value read. */
  static final Duration HEALTH_PROBE_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(MvstoreServer.class);

  private final ServerMetrics metrics;
  private final Server dataPlane;
  private final Server adminApi;
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private boolean closing; // guarded by this

  private MvstoreServer(ServerMetrics metrics, Server dataPlane, Server adminApi) {
    this.metrics = metrics;
    this.dataPlane = dataPlane;
    this.adminApi = adminApi;
  }

  /**
   * Starts the listeners of {@code config} over {@code backend} and logs their bound addresses.
   *
   * @throws MvException {@link ErrorCode#CLIENT_CONFIG} if a listener cannot bind (address in use,
   *     not local)
   */
  public static MvstoreServer start(MvstoreConfig config, StoreBackend backend) {
    ServerMetrics metrics = new ServerMetrics();
    ErrorReplies errors = new ErrorReplies(metrics);
    OpsEndpoints ops = new OpsEndpoints(backend, metrics, HEALTH_PROBE_TIMEOUT);

    Server data = null;
    if (config.dataPlane() != null) {
      List<Route> routes =
          new ArrayList<>(
              new DataPlaneEndpoints(
                      backend.pageStore(),
                      config.store().readOnly(),
                      config.store().wireZstd(),
                      metrics)
                  .routes());
      routes.addAll(ops.commonRoutes());
      data =
          jetty(
              "data",
              config.dataPlane(),
              new Router("data", routes, Router.Guard.NONE, errors, metrics));
    }
    Server admin = null;
    if (config.servesAdminApi()) {
      List<Route> routes = new ArrayList<>(new AdminEndpoints(backend.admin()).routes());
      routes.addAll(new HistoryEndpoints(backend.admin(), backend::checkTruncation).routes());
      routes.addAll(ops.commonRoutes());
      routes.addAll(ops.adminRoutes());
      Router.Guard guard =
          config.adminToken() == null ? Router.Guard.NONE : new BearerAuth(config.adminToken());
      admin =
          jetty("admin", config.adminApi(), new Router("admin", routes, guard, errors, metrics));
    }
    MvstoreServer server = new MvstoreServer(metrics, data, admin);
    try {
      server.startListener(data, "data plane", config.dataPlane());
      server.startListener(admin, "admin API", config.adminApi());
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    if (admin != null) {
      LOG.info(
          "admin API: {}",
          config.adminToken() != null
              ? "every request needs 'Authorization: Bearer <token>'"
              : "no token (loopback)");
    } else if (config.adminApi() != null) {
      LOG.info("admin API not started: this is a read-only replica");
    }
    LOG.info(
        "backend: {}{}",
        backend.describe(),
        config.store().readOnly() ? " (read-only replica)" : "");
    return server;
  }

  /** One listener: a Jetty server with virtual-thread handlers and one HTTP/1.1 + h2c connector. */
  static Server jetty(String name, ListenAddress address, Handler handler) {
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("mvstore-" + name);
    threads.setVirtualThreadsExecutor(
        VirtualThreads.getNamedVirtualThreadsExecutor("mvstore-" + name + "-"));
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // Jetty reuses header fields seen earlier on a connection, matching values case-insensitively
    // by default: a
    // request naming namespace "DB" after one naming "db" (or a token differing only in case) would
    // see the old value.
    http.setHeaderCacheCaseSensitive(true);
    GracefulHandler requests = new GracefulHandler(handler);
    ServerConnector connector =
        new DrainingConnector(
            server,
            requests,
            new HttpConnectionFactory(http),
            new HTTP2CServerConnectionFactory(http));
    connector.setHost(address.host());
    connector.setPort(address.port());
    connector.setAcceptedTcpNoDelay(true);
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    connector.setName(name);
    server.addConnector(connector);
    server.setHandler(requests);
    server.setErrorHandler(new JettyErrors());
    server.setStopTimeout(STOP_TIMEOUT.toMillis());
    server.setStopAtShutdown(
        false); // the process's shutdown hook stops the server, then closes the store
    return server;
  }

  private void startListener(Server server, String what, ListenAddress address) {
    if (server == null) {
      return;
    }
    try {
      server.start();
    } catch (Exception e) {
      String reason = e instanceof IOException ? e.getMessage() : e.toString();
      throw new MvException(
          ErrorCode.CLIENT_CONFIG, "cannot listen on " + address + " (" + what + "): " + reason, e);
    }
    server.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStopped(LifeCycle event) {
            listenerEnded(what, null);
          }

          @Override
          public void lifeCycleFailure(LifeCycle event, Throwable cause) {
            listenerEnded(what, cause);
          }
        });
    LOG.info(
        "{} listening on http://{}:{} (HTTP/1.1 and h2c)", what, hostOf(address), port(server));
  }

  private void listenerEnded(String what, Throwable cause) {
    synchronized (this) {
      if (closing) {
        return;
      }
    }
    LOG.error("the {} listener stopped unexpectedly", what, cause);
    termination.completeExceptionally(
        new IllegalStateException("the " + what + " listener stopped", cause));
  }

  /** The data plane's bound port, or -1 if it has none (useful with port 0). */
  public int dataPlanePort() {
    return dataPlane == null ? -1 : port(dataPlane);
  }

  /** The admin API's bound port, or -1 if it was not started. */
  public int adminPort() {
    return adminApi == null ? -1 : port(adminApi);
  }

  /** The metrics this server records (shared by both listeners). */
  public ServerMetrics metrics() {
    return metrics;
  }

  /**
   * Blocks until the server is closed or a listener stops on its own.
   *
   * @return {@code true} after {@link #close()}, {@code false} if a listener died
   */
  public boolean awaitTermination() throws InterruptedException {
    try {
      termination.get();
      return true;
    } catch (ExecutionException e) {
      return false;
    }
  }

  /** Stops both listeners gracefully. Idempotent; safe to call from a shutdown hook. */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    stopQuietly(adminApi, "admin API");
    stopQuietly(dataPlane, "data plane");
    metrics.close();
    termination.complete(null);
    LOG.info("mvstore stopped");
  }

  /** Test hook: stops one listener as if it had died. */
  void killListenerForTest(boolean data) throws Exception {
    (data ? dataPlane : adminApi).stop();
  }

  private static void stopQuietly(Server server, String what) {
    if (server == null) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the {} listener failed", what, e);
    }
  }

  private static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  private static String hostOf(ListenAddress address) {
    return address.host().indexOf(':') >= 0 ? "[" + address.host() + "]" : address.host();
  }
}
