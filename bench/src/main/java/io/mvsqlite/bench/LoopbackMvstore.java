package io.mvsqlite.bench;

import io.mvsqlite.client.transport.DirectStores;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.server.ListenAddress;
import io.mvsqlite.server.LocalMvstore;
import io.mvsqlite.server.MvstoreConfig;
import io.mvsqlite.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;

/**
 * A real mvstore in this process (a {@link LocalMvstore}): the engine on the embedded store
 * (RocksDB) in a directory, and the HTTP data plane (Jetty) on a free loopback port, without an
 * admin listener. Namespaces are created on first use. The store's strict mode follows the system
 * property {@code mvsqlite.strict}, as every embedded store of the process does.
 *
 * <p>{@link #close()} stops the server, then closes the store. Thread-safe.
 */
final class LoopbackMvstore implements AutoCloseable {

  private final LocalMvstore local;

  private LoopbackMvstore(LocalMvstore local) {
    this.local = local;
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
    return new LoopbackMvstore(LocalMvstore.start(config));
  }

  /** The data plane's base URL. */
  URI url() {
    return local.dataPlaneUrl();
  }

  /** The engine's data plane, in-process (what the server's handlers call). */
  PageStore engine() {
    return local.backend().pageStore();
  }

  /** The engine's admin API, in-process. */
  NamespaceAdmin admin() {
    return local.backend().admin();
  }

  String describe() {
    return local.backend().describe();
  }

  @Override
  public void close() {
    local.close();
  }
}
