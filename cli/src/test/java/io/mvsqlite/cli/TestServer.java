package io.mvsqlite.cli;

import io.mvsqlite.server.ListenAddress;
import io.mvsqlite.server.MvstoreConfig;
import io.mvsqlite.server.MvstoreServer;
import io.mvsqlite.server.StoreBackend;
import io.mvsqlite.store.StoreConfig;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A real mvstore for the tests: the engine on the embedded store in a temporary directory, the data plane and the
 * admin API (with a token) on free loopback ports, a time point recorded every 200 ms. Closing stops the server, then
 * the store.
 */
public final class TestServer implements AutoCloseable {

  public static final String TOKEN = "test-admin-token";

  private final StoreBackend backend;
  private final MvstoreServer server;

  private TestServer(MvstoreConfig config) {
    this.backend = StoreBackend.open(config);
    try {
      this.server = MvstoreServer.start(config, backend);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  /** A server over {@code dir}, its engine configured by {@code tweak}. */
  public static TestServer start(Path dir, UnaryOperator<StoreConfig> tweak) {
    StoreConfig store = tweak.apply(StoreConfig.defaults("mvstore", "m").withTimekeeperIntervalMillis(200));
    ListenAddress loopback = new ListenAddress("127.0.0.1", 0);
    return new TestServer(new MvstoreConfig(
        loopback, loopback, TOKEN, new MvstoreConfig.Embedded(dir, false), false, null, store));
  }

  public static TestServer start(Path dir) {
    return start(dir, UnaryOperator.identity());
  }

  public String dataPlane() {
    return "http://127.0.0.1:" + server.dataPlanePort();
  }

  public String adminApi() {
    return "http://127.0.0.1:" + server.adminPort();
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
