package io.mvsqlite.preload;

import io.mvsqlite.server.ListenAddress;
import io.mvsqlite.server.MvstoreConfig;
import io.mvsqlite.server.MvstoreServer;
import io.mvsqlite.server.StoreBackend;
import io.mvsqlite.store.StoreConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real mvstore in the test JVM: the embedded store in a temporary directory, the data plane and the admin API on free
 * loopback ports, no automatic namespace creation (tests create namespaces through the admin API, as a user would).
 */
final class TestMvstore implements AutoCloseable {

  private static final Pattern CONFLICTS =
      Pattern.compile("^mvstore_commits_total\\{outcome=\"conflict\"} ([0-9.]+)$", Pattern.MULTILINE);

  private final StoreBackend backend;
  private final MvstoreServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  TestMvstore(Path dir) {
    MvstoreConfig config = new MvstoreConfig(new ListenAddress("127.0.0.1", 0), new ListenAddress("127.0.0.1", 0),
        null, new MvstoreConfig.Embedded(dir, false), false, null, StoreConfig.defaults("mvstore", "m"));
    this.backend = StoreBackend.open(config);
    try {
      this.server = MvstoreServer.start(config, backend);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  /** The data plane's base URL. */
  String url() {
    return "http://127.0.0.1:" + server.dataPlanePort();
  }

  /** Creates a namespace through the admin API. */
  void createNamespace(String key) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + "/api/create_namespace"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + key + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IOException("create_namespace " + key + ": " + r.statusCode() + " " + r.body());
    }
  }

  /** Commits the server answered with a conflict so far (from {@code /metrics}). */
  long conflicts() throws IOException, InterruptedException {
    String metrics = http.send(HttpRequest.newBuilder(URI.create(url() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = CONFLICTS.matcher(metrics);
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      backend.close();
    }
  }
}
