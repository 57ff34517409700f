package io.mvsqlite.client.jdbc;

import io.mvsqlite.client.http.TestMvstore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time travel through the driver over HTTP (the test mvstore records a time point every 200 ms).
 */
class HttpTimeTravelTest extends TimeTravelContract {

  @TempDir static Path dir;
  static TestMvstore server;

  @BeforeAll
  static void startServer() {
    server = Backends.startServer(dir);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  String backendOptions() {
    return Backends.http(server);
  }

  @Override
  String backendName() {
    return "HTTP";
  }

  @Override
  String timekeeperOptions() {
    return "";
  }
}
