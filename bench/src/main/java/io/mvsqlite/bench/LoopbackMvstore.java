package io.mvsqlite.bench;

import io.mvsqlite.client.transport.DirectStores;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.server.ListenAddress;
import io.mvsqlite.server.MvstoreConfig;
import io.mvsqlite.server.MvstoreServer;
import io.mvsqlite.server.StoreBackend;
import io.mvsqlite.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;

/**
 * A real mvstore in this process: the engine on the embedded store (RocksDB) in a directory, and
 * the HTTP data plane (Jetty) on a free loopback port. Namespaces are created on first use. The
 * store's strict mode follows the system property {@code mvsqlite.strict}, as every embedded store
 * of the process does.
 *
 * <p>{@link #close()} stops the server, then closes the store. Thread-safe.
 */
final class LoopbackMvstore implements AutoCloseable {

  private final StoreBackend backend;
  private final MvstoreServer server;

  private LoopbackMvstore(StoreBackend backend, MvstoreServer server) {
    this.backend = backend;
    this.server = server;
  }

  /**
   * Starts an mvstore over the embedded store in {@code dir}, with the keyspace of a server started
   * with default prefixes (so the same directory also opens in direct mode).
   *
   * @param syncWrites whether commits wait for the store's log to be synced (the server's default)
   */
  static LoopbackMvstore start(Path dir, boolean syncWrites) {
    StoreConfig store =
        StoreConfig.defaults(DirectStores.METADATA_PREFIX, DirectStores.RAW_DATA_PREFIX)
            .withAutoCreateNamespace(true);
    MvstoreConfig config =
        new MvstoreConfig(
            new ListenAddress("127.0.0.1", 0),
            null,
            null,
            new MvstoreConfig.Embedded(dir, syncWrites),
            false,
            null,
            store);
    StoreBackend backend = StoreBackend.open(config);
    try {
      return new LoopbackMvstore(backend, MvstoreServer.start(config, backend));
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  /** The data plane's base URL. */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.dataPlanePort());
  }

  /** The engine's data plane, in-process (what the server's handlers call). */
  PageStore engine() {
    return backend.pageStore();
  }

  /** The engine's admin API, in-process. */
  NamespaceAdmin admin() {
    return backend.admin();
  }

  String describe() {
    return backend.describe();
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
