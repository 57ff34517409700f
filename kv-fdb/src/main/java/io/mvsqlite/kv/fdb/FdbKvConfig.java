package io.mvsqlite.kv.fdb;

import java.nio.file.Path;

/**
 * How to open a FoundationDB cluster. Immutable.
 *
 * @param clusterFile the cluster file, or {@code null} for FoundationDB's default search ({@code
 *     FDB_CLUSTER_FILE}, then {@code ./fdb.cluster}, then {@code /etc/foundationdb/fdb.cluster}).
 *     Resolving {@code --cluster} and {@code MVSQLITE_FDB_CLUSTER_FILE} into this path is the
 *     caller's job.
 * @param apiVersion the FoundationDB API version; selected once per process, so every store of a
 *     process must use the same one
 * @param transactionTimeoutMillis a timeout applied to every transaction (FoundationDB's {@code
 *     transaction_timeout} database option), or 0 for none. A transaction that times out fails with
 *     {@link io.mvsqlite.kv.KvError#TRANSIENT} while reading, and with a final {@link
 *     io.mvsqlite.kv.KvError#BACKEND_FAILURE} when the timeout hits its commit, because such a
 *     commit may still be applied later.
 */
public record FdbKvConfig(Path clusterFile, int apiVersion, long transactionTimeoutMillis) {

  /** The API version this binding (fdb-java 7.3) is written for. */
  public static final int API_VERSION = 730;

  public FdbKvConfig {
    if (apiVersion < 510 || apiVersion > API_VERSION) {
      throw new IllegalArgumentException(
          "apiVersion must be between 510 and " + API_VERSION + ": " + apiVersion);
    }
    if (transactionTimeoutMillis < 0) {
      throw new IllegalArgumentException(
          "transactionTimeoutMillis must not be negative: " + transactionTimeoutMillis);
    }
  }

  /** FoundationDB's default cluster file, API version 730, no transaction timeout. */
  public static FdbKvConfig defaults() {
    return new FdbKvConfig(null, API_VERSION, 0);
  }

  public FdbKvConfig withClusterFile(Path file) {
    return new FdbKvConfig(file, apiVersion, transactionTimeoutMillis);
  }

  public FdbKvConfig withTransactionTimeoutMillis(long millis) {
    return new FdbKvConfig(clusterFile, apiVersion, millis);
  }

  /** The cluster file for messages: the path, or a note that FoundationDB's default applies. */
  String describeClusterFile() {
    return clusterFile == null ? "default" : clusterFile.toString();
  }
}
