package io.mvsqlite.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both ways of sending a data-plane request, against a real HTTP server on a free port. */
class HttpExchangerTest {

  private HttpServer server;
  private final CountDownLatch releaseSlow = new CountDownLatch(1);
  private final Set<String> connections = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/echo",
        x -> {
          connections.add(x.getRemoteAddress().toString());
          byte[] body = x.getRequestBody().readAllBytes();
          String answer =
              x.getRequestMethod()
                  + " "
                  + x.getRequestHeaders().getFirst("x-namespace-key")
                  + " "
                  + new String(body, StandardCharsets.UTF_8);
          reply(x, 200, answer);
        });
    server.createContext(
        "/refuse",
        x -> {
          x.getRequestBody().readAllBytes();
          x.getResponseHeaders().add("x-mvsqlite-error", "NAMESPACE_NOT_FOUND");
          reply(x, 404, "no such namespace");
        });
    server.createContext(
        "/chunked",
        x -> {
          connections.add(x.getRemoteAddress().toString());
          byte[] page = new byte[100_000];
          for (int i = 0; i < page.length; i++) {
            page[i] = (byte) (i * 31);
          }
          x.sendResponseHeaders(200, 0); // length 0: chunked transfer encoding
          try (OutputStream out = x.getResponseBody()) {
            for (int at = 0; at < page.length; at += 7_000) {
              out.write(page, at, Math.min(7_000, page.length - at));
              out.flush();
            }
          }
        });
    server.createContext(
        "/closing",
        x -> {
          connections.add(x.getRemoteAddress().toString());
          x.getResponseHeaders().add("Connection", "close");
          reply(x, 200, "bye");
        });
    server.createContext(
        "/slow",
        x -> {
          try {
            releaseSlow.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          reply(x, 200, "late");
        });
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  @AfterEach
  void stop() {
    releaseSlow.countDown();
    server.stop(0);
  }

  private static void reply(com.sun.net.httpserver.HttpExchange x, int status, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static HttpExchanger exchanger(String kind) {
    return kind.equals("http1") ? HttpExchanger.HTTP1 : HttpExchanger.HTTP2;
  }

  @ParameterizedTest
  @ValueSource(strings = {"http1", "http2"})
  void requestsCarryTheirHeadersAndBodiesAndReuseConnections(String kind) {
    HttpExchanger http = exchanger(kind);
    for (int i = 0; i < 20; i++) {
      HttpAnswer a =
          http.send(
              HttpCall.post(url("/echo"), ("body " + i).getBytes(), Duration.ofSeconds(10))
                  .header("x-namespace-key", "ns" + i));
      assertThat(a.statusCode()).isEqualTo(200);
      assertThat(new String(a.body(), StandardCharsets.UTF_8))
          .isEqualTo("POST ns" + i + " body " + i);
      assertThat(a.path()).isEqualTo("/echo");
    }
    for (int i = 0; i < 20; i++) {
      HttpAnswer get = http.send(HttpCall.get(url("/echo"), Duration.ofSeconds(10)));
      assertThat(new String(get.body(), StandardCharsets.UTF_8)).isEqualTo("GET null ");
    }
    assertThat(connections).as("keep-alive: 40 requests, one connection").hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http1", "http2"})
  void chunkedAnswersArriveWholeAndTheConnectionIsReused(String kind) {
    byte[] expected = new byte[100_000];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (byte) (i * 31);
    }
    for (int i = 0; i < 3; i++) {
      HttpAnswer a = exchanger(kind).send(HttpCall.get(url("/chunked"), Duration.ofSeconds(10)));
      assertThat(a.statusCode()).isEqualTo(200);
      assertThat(a.body()).isEqualTo(expected);
    }
    assertThat(connections).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http1", "http2"})
  void aConnectionTheServerClosesIsNotReused(String kind) {
    HttpExchanger http = exchanger(kind);
    for (int i = 0; i < 3; i++) {
      HttpAnswer a = http.send(HttpCall.post(url("/closing"), new byte[0], Duration.ofSeconds(10)));
      assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("bye");
    }
    assertThat(connections).as("Connection: close, each time").hasSize(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http1", "http2"})
  void anErrorAnswerKeepsItsStatusHeaderAndText(String kind) {
    HttpAnswer a =
        exchanger(kind).send(HttpCall.post(url("/refuse"), new byte[0], Duration.ofSeconds(10)));
    assertThat(a.statusCode()).isEqualTo(404);
    assertThat(a.header("X-Mvsqlite-Error")).isEqualTo("NAMESPACE_NOT_FOUND");
    assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("no such namespace");
    assertThat(a.method()).isEqualTo("POST");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http1", "http2"})
  void aSilentServerIsATimeoutNamingTheSetting(String kind) {
    assertThatThrownBy(
            () -> exchanger(kind).send(HttpCall.get(url("/slow"), Duration.ofMillis(300))))
        .isInstanceOf(MvException.class)
        .hasMessageContaining("timed out after 300 ms (setting httpTimeoutSecs)")
        .satisfies(e -> assertThat(((MvException) e).code()).isEqualTo(ErrorCode.NETWORK));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http1", "http2"})
  void aRefusedConnectionIsARetryableNetworkError(String kind) throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + closed + "/stat");
    assertThatThrownBy(() -> exchanger(kind).send(HttpCall.get(nowhere, Duration.ofSeconds(5))))
        .isInstanceOf(MvException.class)
        .hasMessageContaining("request to " + nowhere + " failed")
        .satisfies(
            e -> {
              assertThat(((MvException) e).code()).isEqualTo(ErrorCode.NETWORK);
              assertThat(((MvException) e).code().isRetryable()).isTrue();
            });
  }
}
