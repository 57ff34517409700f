package io.mvsqlite.server;

import io.mvsqlite.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;

/**
 * An mvstore running inside this process together with the store it owns: what tests, benchmarks
 * and tools start when they need a real server on real ports without a separate process ({@code
 * bin/mvstore} runs the same server in its own process, see {@link Main}).
 *
 * <p>{@link #close()} stops the listeners first, then closes the store, so that every acknowledged
 * commit is on disk. Thread-safe.
 */
public final class LocalMvstore implements AutoCloseable {

  private final StoreBackend backend;
  private final MvstoreServer server;

  private LocalMvstore(StoreBackend backend, MvstoreServer server) {
    this.backend = backend;
    this.server = server;
  }

  /**
   * Opens the store of {@code config} and starts its listeners; if a listener cannot start, the
   * store is closed again before the exception propagates.
   */
  public static LocalMvstore start(MvstoreConfig config) {
    StoreBackend backend = StoreBackend.open(config);
    try {
      return new LocalMvstore(backend, MvstoreServer.start(config, backend));
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  /**
   * The configuration of a throwaway server for tests and tools: the embedded store in {@code
   * directory} with commits not fsynced ({@code --no-sync}: they survive a crash of the process,
   * not a power loss), the data plane and the admin API on free loopback ports, no admin token.
   */
  public static MvstoreConfig loopbackConfig(Path directory, StoreConfig store) {
    ListenAddress anyFreePort = new ListenAddress("127.0.0.1", 0);
    return new MvstoreConfig(
        anyFreePort,
        anyFreePort,
        null,
        new MvstoreConfig.Embedded(directory, false),
        false,
        null,
        store);
  }

  /**
   * {@link #start(MvstoreConfig) Starts} a server with the {@link #loopbackConfig loopback
   * configuration}.
   */
  public static LocalMvstore onLoopback(Path directory, StoreConfig store) {
    return start(loopbackConfig(directory, store));
  }

  /** The data plane's base URL, e.g. {@code http://127.0.0.1:41234}. */
  public URI dataPlaneUrl() {
    return URI.create("http://127.0.0.1:" + server.dataPlanePort());
  }

  /**
   * The admin API's base URL; only meaningful when the configuration started the admin listener.
   */
  public URI adminUrl() {
    return URI.create("http://127.0.0.1:" + server.adminPort());
  }

  /** Creates a namespace, as {@code POST /api/create_namespace} does. */
  public void createNamespace(String key) {
    backend.admin().create(key, null);
  }

  /** Commits that ended in a conflict since the server started. */
  public long conflicts() {
    return server.metrics().commits("conflict");
  }

  public StoreBackend backend() {
    return backend;
  }

  public MvstoreServer server() {
    return server;
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
