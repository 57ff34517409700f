package io.mvsqlite.client.jdbc;

import io.mvsqlite.client.http.TestMvstore;
import java.nio.file.Path;

/** The two backends the driver's tests run against. */
final class Backends {

  private Backends() {}

  /**
   * Direct mode: the engine in-process on an embedded store in {@code dir}; namespaces created on
   * first use.
   */
  static String direct(Path dir) {
    return "store=" + dir.resolve("store") + "&autoCreate=1";
  }

  /**
   * A real mvstore on a free loopback port (namespaces created on first use, a time point every 200
   * ms).
   */
  static TestMvstore startServer(Path dir) {
    return TestMvstore.start(dir, c -> c);
  }

  static String http(TestMvstore server) {
    return "dataPlane=" + server.url();
  }
}
