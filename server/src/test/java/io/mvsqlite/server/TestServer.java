package io.mvsqlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A real mvstore for tests: the engine on the embedded RocksDB store (strict mode, set by the
 * build) in a temporary directory, both listeners on free loopback ports, and an HTTP client.
 * Closing stops the server and the store.
 */
final class TestServer implements AutoCloseable {

  final MvstoreConfig config;
  private final LocalMvstore local;
  final StoreBackend backend;
  final MvstoreServer server;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private TestServer(MvstoreConfig config) {
    this.config = config;
    this.local = LocalMvstore.start(config);
    this.backend = local.backend();
    this.server = local.server();
  }

  /**
   * The default test configuration: both listeners on 127.0.0.1 port 0, no token, reference
   * prefixes.
   */
  static MvstoreConfig config(Path dir) {
    return LocalMvstore.loopbackConfig(dir, StoreConfig.defaults("mvstore", "m"));
  }

  static TestServer start(Path dir) {
    return new TestServer(config(dir));
  }

  static TestServer start(Path dir, UnaryOperator<MvstoreConfig> customize) {
    return new TestServer(customize.apply(config(dir)));
  }

  URI data(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.dataPlanePort() + pathAndQuery);
  }

  URI admin(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.adminPort() + pathAndQuery);
  }

  HttpResponse<String> get(URI uri, String... headers) {
    return send(HttpRequest.newBuilder(uri).GET(), headers);
  }

  HttpResponse<String> postJson(URI uri, String json, String... headers) {
    return send(
        HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(json)), headers);
  }

  HttpResponse<byte[]> postBytes(URI uri, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new AssertionError("request to " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder b, String... headers) {
    b.timeout(Duration.ofSeconds(60));
    if (headers.length > 0) {
      b.headers(headers);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("request failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Creates a namespace through the admin API and asserts it was created. */
  void createNamespace(String key) {
    HttpResponse<String> r = postJson(admin("/api/create_namespace"), "{\"key\":\"" + key + "\"}");
    assertThat(r.statusCode()).as("create %s: %s", key, r.body()).isEqualTo(201);
  }

  /** The namespace's current version from {@code /stat}. */
  Version stat(String key) {
    HttpResponse<String> r = get(data("/stat"), "x-namespace-key", key);
    assertThat(r.statusCode()).as("stat %s: %s", key, r.body()).isEqualTo(200);
    Matcher m = Pattern.compile("\"version\":\"([0-9a-f]{20})\"").matcher(r.body());
    assertThat(m.find()).as("version in %s", r.body()).isTrue();
    return Version.parse(m.group(1));
  }

  /** Asserts the server still answers: {@code /health} on the data plane is 200. */
  void assertStillUp() {
    HttpResponse<String> r = get(data("/health"));
    assertThat(r.statusCode()).as("health after bad input: %s", r.body()).isEqualTo(200);
  }

  /**
   * Skips the calling test when the engine answered that the feature is not implemented yet
   * (commit, namespace locks, truncation and content GC are being written in the store module): the
   * test runs as soon as they exist.
   */
  static void assumeImplemented(int status, String body) {
    Assumptions.assumeFalse(
        status == 500 && body.contains("not yet implemented"),
        "engine feature not implemented yet: " + body.trim());
  }

  static void assumeImplemented(HttpResponse<?> r) {
    Object body = r.body();
    String text =
        body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(body);
    assumeImplemented(r.statusCode(), text);
  }

  /**
   * Sends raw bytes on a fresh connection to {@code port} and returns everything the server answers
   * until it closes the connection or the answer is complete ({@code Connection: close} is part of
   * {@code request}).
   */
  static String raw(int port, byte[] request) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** An answer read off a raw socket. */
  record RawResponse(int status, java.util.Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** Parses a raw HTTP/1.1 answer (not chunked). */
  static RawResponse parse(String raw) {
    int end = raw.indexOf("\r\n\r\n");
    assertThat(end).as("a complete answer: %s", raw).isPositive();
    String[] lines = raw.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    java.util.Map<String, String> headers = new java.util.HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    return new RawResponse(status, headers, raw.substring(end + 4));
  }

  /** A POST with {@code Content-Length} and {@code Connection: close}, sent on a raw socket. */
  static byte[] rawPost(String path, byte[] body, String... headerLines) {
    StringBuilder head =
        new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (String h : headerLines) {
      head.append(h).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    return Wire.concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
  }

  @Override
  public void close() {
    local.close();
  }
}
