package io.mvsqlite.client.http;

import io.mvsqlite.server.ListenAddress;
import io.mvsqlite.server.MvstoreConfig;
import io.mvsqlite.server.MvstoreServer;
import io.mvsqlite.server.StoreBackend;
import io.mvsqlite.store.StoreConfig;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A real mvstore for the HTTP tests: the engine on the embedded store (strict mode, set by the
 * build) in a temporary directory, the data plane on a free loopback port, namespaces created on
 * first use, a time point recorded every 200 ms. Closing stops the server, then the store.
 */
public final class TestMvstore implements AutoCloseable {

  public final StoreBackend backend;
  public final MvstoreServer server;
  private final MvstoreConfig config;

  private TestMvstore(MvstoreConfig config) {
    this.config = config;
    this.backend = StoreBackend.open(config);
    try {
      this.server = MvstoreServer.start(config, backend);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  public static TestMvstore start(Path dir, UnaryOperator<StoreConfig> tweak) {
    StoreConfig store =
        tweak.apply(
            StoreConfig.defaults("mvstore", "m")
                .withAutoCreateNamespace(true)
                .withTimekeeperIntervalMillis(200));
    return new TestMvstore(
        new MvstoreConfig(
            new ListenAddress("127.0.0.1", 0),
            null,
            null,
            new MvstoreConfig.Embedded(dir, false),
            false,
            null,
            store));
  }

  /** The data plane's base URL. */
  public String url() {
    return "http://127.0.0.1:" + server.dataPlanePort();
  }

  /**
   * Another data plane over the same store, on its own free port: a second mvstore process as far
   * as a client can tell. The caller closes it, before this one.
   */
  public MvstoreServer startAnotherDataPlane() {
    return MvstoreServer.start(config, backend);
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
