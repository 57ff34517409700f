package io.mvsqlite.client.jdbc;

import io.mvsqlite.client.http.TestMvstore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The HTTP backend of a driver contract test: a {@link Backends#startServer real mvstore} on a free
 * loopback port over a fresh temporary directory, started before the class's first test and closed
 * (then its directory deleted) after its last. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final HttpBackend http = new HttpBackend();
 * }</pre>
 *
 * <p>The tests of one class share the server; {@link #options()} is valid only while it runs.
 */
final class HttpBackend implements BeforeAllCallback, AfterAllCallback {

  /** The {@link JdbcTestBase#backendName() name} of this backend in messages. */
  static final String NAME = "HTTP";

  private Path dir;
  private TestMvstore server;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("mvsqlite-http-backend-");
    server = Backends.startServer(dir);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      server = null;
      deleteTree(dir);
    }
  }

  /** The {@link JdbcTestBase#backendOptions() URL options} that select this server. */
  String options() {
    if (server == null) {
      throw new IllegalStateException("the HTTP backend runs only between beforeAll and afterAll");
    }
    return Backends.http(server);
  }

  private static void deleteTree(Path root) throws IOException {
    if (root == null) {
      return;
    }
    List<Path> deepestFirst;
    try (Stream<Path> paths = Files.walk(root)) {
      deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : deepestFirst) {
      Files.delete(path);
    }
  }
}
