package io.mvsqlite.client.http;

import io.mvsqlite.server.LocalMvstore;
import io.mvsqlite.server.MvstoreConfig;
import io.mvsqlite.server.MvstoreServer;
import io.mvsqlite.server.StoreBackend;
import io.mvsqlite.store.StoreConfig;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A real mvstore for the HTTP tests: a {@link LocalMvstore} on the embedded store (strict mode, set
 * by the build) in a temporary directory, the data plane on a free loopback port and no admin API,
 * namespaces created on first use, a time point recorded every 200 ms. Closing stops the server,
 * then the store.
 */
public final class TestMvstore implements AutoCloseable {

  public final StoreBackend backend;
  public final MvstoreServer server;
  private final MvstoreConfig config;
  private final LocalMvstore local;

  private TestMvstore(MvstoreConfig config) {
    this.config = config;
    this.local = LocalMvstore.start(config);
    this.backend = local.backend();
    this.server = local.server();
  }

  public static TestMvstore start(Path dir, UnaryOperator<StoreConfig> tweak) {
    StoreConfig store =
        tweak.apply(
            StoreConfig.defaults("mvstore", "m")
                .withAutoCreateNamespace(true)
                .withTimekeeperIntervalMillis(200));
    MvstoreConfig loopback = LocalMvstore.loopbackConfig(dir, store);
    // no admin listener: the tests reach the admin API in-process, through the backend
    return new TestMvstore(loopback.withListeners(loopback.dataPlane(), null));
  }

  /** The data plane's base URL. */
  public String url() {
    return local.dataPlaneUrl().toString();
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
    local.close();
  }
}
