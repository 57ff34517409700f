package io.mvsqlite.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.server.http.ErrorReplies;
import io.mvsqlite.server.http.Route;
import io.mvsqlite.server.http.Router;
import io.mvsqlite.server.http.ServerMetrics;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How the listeners run: virtual threads, TCP_NODELAY, bound ports, graceful and reported stops.
 */
class ListenerTest {

  @TempDir Path dir;

  @Test
  void handlersRunOnVirtualThreadsWithNoDelaySockets() throws Exception {
    AtomicReference<Thread> handlerThread = new AtomicReference<>();
    try (ServerMetrics metrics = new ServerMetrics()) {
      Router router =
          new Router(
              "test",
              List.of(
                  Route.of(
                      "/where",
                      x -> {
                        handlerThread.set(Thread.currentThread());
                        x.sendText(200, "ok");
                      })),
              Router.Guard.NONE,
              new ErrorReplies(metrics),
              metrics);
      Server jetty = MvstoreServer.jetty("test", new ListenAddress("127.0.0.1", 0), router);
      jetty.start();
      try {
        ServerConnector connector = (ServerConnector) jetty.getConnectors()[0];
        assertThat(connector.getAcceptedTcpNoDelay()).isTrue();
        HttpResponse<String> r =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/where"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("ok");
        assertThat(handlerThread.get().isVirtual())
            .as("handler thread %s", handlerThread.get())
            .isTrue();
      } finally {
        jetty.stop();
      }
    }
  }

  /**
   * The request in progress outlives the connector's shutdown idle timeout: with HTTP/2 (upgraded
   * from HTTP/1.1, as the client's http2 option does) Jetty's stock connector let the silent
   * connection expire and reset the stream (CI failure, one run in four). The wait below is the
   * slow request under test, not synchronisation.
   */
  @ParameterizedTest
  @EnumSource(HttpClient.Version.class)
  void aGracefulStopLetsASlowRequestInProgressFinish(HttpClient.Version version) throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ServerMetrics metrics = new ServerMetrics()) {
      Router router =
          new Router(
              "test",
              List.of(
                  Route.of(
                      "/slow",
                      x -> {
                        entered.countDown();
                        release.await();
                        x.sendText(200, "finished");
                      })),
              Router.Guard.NONE,
              new ErrorReplies(metrics),
              metrics);
      Server jetty = MvstoreServer.jetty("test", new ListenAddress("127.0.0.1", 0), router);
      jetty.start();
      ServerConnector connector = (ServerConnector) jetty.getConnectors()[0];
      int port = connector.getLocalPort();
      CompletableFuture<HttpResponse<String>> inFlight =
          HttpClient.newBuilder()
              .version(version)
              .build()
              .sendAsync(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow")).build(),
                  HttpResponse.BodyHandlers.ofString());
      entered.await();
      CountDownLatch stopping = new CountDownLatch(1);
      jetty.addEventListener(
          new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
              stopping.countDown();
            }
          });
      CompletableFuture<Void> stopped =
          CompletableFuture.runAsync(
              () -> {
                try {
                  jetty.stop();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      stopping.await();
      awaitConnectionsRefused(port);
      Thread.sleep(connector.getShutdownIdleTimeout() + 500);
      release.countDown();
      HttpResponse<String> response = inFlight.get(30, TimeUnit.SECONDS);
      assertThat(response.body()).isEqualTo("finished");
      assertThat(response.version()).isEqualTo(version);
      stopped.get(30, TimeUnit.SECONDS);
      assertThat(jetty.isStopped()).isTrue();
    }
  }

  /**
   * Returns once the port refuses new connections (the stop has closed the connector), or fails
   * after 30 s.
   */
  private static void awaitConnectionsRefused(int port) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        Thread.onSpinWait();
      } catch (IOException refused) {
        return;
      }
    }
    throw new AssertionError("port " + port + " still accepts connections while stopping");
  }

  @Test
  void closeStopsBothListenersAndIsIdempotent() throws Exception {
    TestServer s = TestServer.start(dir);
    int data = s.server.dataPlanePort();
    int admin = s.server.adminPort();
    assertThat(data).isPositive();
    assertThat(admin).isPositive().isNotEqualTo(data);
    s.server.close();
    s.server.close();
    assertThat(s.server.awaitTermination()).as("a requested stop is clean").isTrue();
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), data).close())
        .isInstanceOf(ConnectException.class);
    s.close();
  }

  @Test
  void aListenerThatDiesIsReportedAsAFailure() throws Exception {
    try (TestServer s = TestServer.start(dir)) {
      s.server.killListenerForTest(true);
      assertThat(s.server.awaitTermination()).as("an unrequested stop is a failure").isFalse();
    }
  }

  @Test
  void aPortInUseFailsToStartWithAClearMessage() {
    try (TestServer first = TestServer.start(dir.resolve("a"))) {
      int taken = first.server.dataPlanePort();
      MvstoreConfig clash =
          TestServer.config(dir.resolve("b"))
              .withListeners(new ListenAddress("127.0.0.1", taken), null);
      try (StoreBackend backend = StoreBackend.open(clash)) {
        assertThatThrownBy(() -> MvstoreServer.start(clash, backend))
            .isInstanceOf(MvException.class)
            .hasMessageContaining("cannot listen on 127.0.0.1:" + taken)
            .satisfies(
                e -> assertThat(((MvException) e).code()).isEqualTo(ErrorCode.CLIENT_CONFIG));
      }
    }
  }

  @Test
  void onlyTheDataPlaneRunsWhenNoAdminAddressIsGiven() {
    try (TestServer s = TestServer.start(dir, c -> c.withListeners(c.dataPlane(), null))) {
      assertThat(s.server.adminPort()).isEqualTo(-1);
      assertThat(s.get(s.data("/health")).statusCode()).isEqualTo(200);
    }
  }
}
