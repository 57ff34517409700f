package io.mvsqlite.server.http;

/**
 * What the operations endpoints ({@code /health}, {@code /fdb/status}) need from the key-value
 * backend under the engine. Implementations are thread-safe.
 */
public interface BackendOps {

  /**
   * A short description for {@code /health}, e.g. {@code "rocksdb:/var/lib/mvstore"} or {@code
   * "fdb:/etc/...}.
   */
  String describe();

  /** Performs one read of the key-value store; throws if it is unreachable or closed. May block. */
  void probe();

  /**
   * FoundationDB's status JSON ({@code \xff\xff/status/json}), or {@code null} if the cluster
   * returned none.
   *
   * @throws io.mvsqlite.protocol.MvException {@link io.mvsqlite.protocol.ErrorCode#NOT_FOUND} on
   *     the embedded store
   */
  byte[] fdbStatus();
}
