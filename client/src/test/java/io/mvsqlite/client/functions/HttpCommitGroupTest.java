package io.mvsqlite.client.functions;

import io.mvsqlite.client.http.TestMvstore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CommitGroupContract} over HTTP, against a real mvstore on a free port ({@code
 * /stat_group}).
 */
class HttpCommitGroupTest extends CommitGroupContract {

  @TempDir static Path dir;
  static TestMvstore server;

  @BeforeAll
  static void start() {
    server = TestMvstore.start(dir, c -> c);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Override
  String backendOptions() {
    return "dataPlane=" + server.url();
  }
}
