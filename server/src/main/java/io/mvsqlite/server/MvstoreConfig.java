package io.mvsqlite.server;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.store.StoreConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything an mvstore process is told, built once (from flags and environment variables by {@link
 * MvstoreCommand}, or directly by tests and the {@code mvsqlite serve} CLI) and never changed.
 *
 * <p>The compact constructor enforces the rules that make a configuration safe to start: at least
 * one listener, and an admin API bound to a non-loopback address only together with an admin token.
 *
 * @param dataPlane where the data plane listens, or {@code null} for none
 * @param adminApi where the admin API listens, or {@code null} for none; never started on a
 *     read-only replica
 * @param adminToken the bearer token every admin request must carry, or {@code null} for none (then
 *     the admin API must be bound to loopback)
 * @param backend the key-value store under the engine
 * @param jsonLogs log JSON lines instead of text
 * @param drTag the FoundationDB DR tag of a read-only replica ({@code --dr-tag})
 * @param store the engine's configuration (prefixes, knobs, read-only, wire zstd)
 */
public record MvstoreConfig(
    ListenAddress dataPlane,
    ListenAddress adminApi,
    String adminToken,
    Backend backend,
    boolean jsonLogs,
    String drTag,
    StoreConfig store) {

  /** The key-value backend: the embedded store (the default) or a FoundationDB cluster. */
  public sealed interface Backend permits Embedded, FoundationDb {}

  /**
   * The embedded RocksDB store in {@code directory}.
   *
   * @param syncWrites fsync each commit before acknowledging it; {@code false} ({@code --no-sync})
   *     survives a crash of the process but may lose the last commits when the machine loses power
   */
  public record Embedded(Path directory, boolean syncWrites) implements Backend {
    public Embedded {
      Objects.requireNonNull(directory, "directory");
    }
  }

  /**
   * A FoundationDB cluster.
   *
   * @param clusterFile the cluster file ({@code --cluster})
   * @param buggify FoundationDB client buggify, for testing only ({@code --fdb-buggify})
   */
  public record FoundationDb(Path clusterFile, boolean buggify) implements Backend {
    public FoundationDb {
      Objects.requireNonNull(clusterFile, "clusterFile");
    }
  }

  public MvstoreConfig {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(store, "store");
    if (adminToken != null && adminToken.isBlank()) {
      throw new MvException(ErrorCode.CLIENT_CONFIG, "--admin-token must not be empty");
    }
    if (adminApi != null && !store.readOnly() && adminToken == null && !adminApi.isLoopback()) {
      throw new MvException(
          ErrorCode.CLIENT_CONFIG,
          "refusing to expose the admin API on non-loopback address "
              + adminApi
              + " without authentication: give --admin-token TOKEN (or MVSTORE_ADMIN_TOKEN), or bind it to"
              + " 127.0.0.1");
    }
    if (dataPlane == null && (adminApi == null || store.readOnly())) {
      throw new MvException(
          ErrorCode.CLIENT_CONFIG,
          store.readOnly()
              ? "nothing to serve: a read-only replica serves only the data plane; give --data-plane HOST:PORT"
              : "nothing to serve: give --data-plane HOST:PORT and/or --admin-api HOST:PORT");
    }
    drTag = drTag == null ? "default" : drTag;
  }

  /**
   * True if the admin listener is started: it was asked for and this is not a read-only replica.
   */
  public boolean servesAdminApi() {
    return adminApi != null && !store.readOnly();
  }

  /** A configuration with the given listeners and everything else unchanged. */
  public MvstoreConfig withListeners(ListenAddress newDataPlane, ListenAddress newAdminApi) {
    return new MvstoreConfig(
        newDataPlane, newAdminApi, adminToken, backend, jsonLogs, drTag, store);
  }

  public MvstoreConfig withAdminToken(String token) {
    return new MvstoreConfig(dataPlane, adminApi, token, backend, jsonLogs, drTag, store);
  }

  public MvstoreConfig withStore(StoreConfig newStore) {
    return new MvstoreConfig(dataPlane, adminApi, adminToken, backend, jsonLogs, drTag, newStore);
  }

  /** Never prints the admin token. */
  @Override
  public String toString() {
    return "MvstoreConfig[dataPlane="
        + dataPlane
        + ", adminApi="
        + adminApi
        + ", adminToken="
        + (adminToken == null ? "none" : "***")
        + ", backend="
        + backend
        + ", jsonLogs="
        + jsonLogs
        + ", drTag="
        + drTag
        + ", store="
        + store
        + "]";
  }
}
