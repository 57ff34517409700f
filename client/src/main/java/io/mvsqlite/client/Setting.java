package io.mvsqlite.client;

/**
 * Every client setting, with the three names it can be given by: a URI parameter of the database
 * name ({@code file:NS?vfs=mvsqlite&NAME=VALUE}, per connection; {@code null} when the setting is
 * process-wide only), a system property and an environment variable (the reference's {@code
 * MVSQLITE_*} names where the reference has the setting). Precedence: URI parameter, then system
 * property, then environment variable, then the default.
 *
 * <p>This table is the one place that names the settings; {@link ClientConfig} parses them and
 * docs/client.md lists them.
 */
public enum Setting {
  DATA_PLANE("dataPlane", "mvsqlite.dataPlane", "MVSQLITE_DATA_PLANE"),
  STORE("store", "mvsqlite.store", "MVSQLITE_STORE"),
  CLUSTER("cluster", "mvsqlite.cluster", "MVSQLITE_CLUSTER"),
  PAGE_SIZE("pageSize", "mvsqlite.sectorSize", "MVSQLITE_SECTOR_SIZE"),
  PAGE_CACHE_SIZE("pageCacheSize", "mvsqlite.pageCacheSize", "MVSQLITE_PAGE_CACHE_SIZE"),
  WRITE_CHUNK_SIZE("writeChunkSize", "mvsqlite.writeChunkSize", "MVSQLITE_WRITE_CHUNK_SIZE"),
  PREFETCH_DEPTH("prefetchDepth", "mvsqlite.prefetchDepth", "MVSQLITE_PREFETCH_DEPTH"),
  READ_AHEAD_DEPTH("readAheadDepth", "mvsqlite.readAheadDepth", "MVSQLITE_READ_AHEAD_DEPTH"),
  HTTP_TIMEOUT("httpTimeoutSecs", "mvsqlite.httpTimeoutSecs", "MVSQLITE_HTTP_TIMEOUT_SECS"),
  RETRY_DEADLINE("retryDeadlineSecs", "mvsqlite.retryDeadlineSecs", "MVSQLITE_RETRY_DEADLINE_SECS"),
  LOCK_OWNER("lockOwner", "mvsqlite.lockOwner", "MVSQLITE_LOCK_OWNER"),
  AUTO_CREATE_NAMESPACE(
      "autoCreate", "mvsqlite.autoCreateNamespace", "MVSQLITE_AUTO_CREATE_NAMESPACE"),
  TIMEKEEPER_INTERVAL(
      "timekeeperIntervalMillis",
      "mvsqlite.timekeeperIntervalMillis",
      "MVSQLITE_TIMEKEEPER_INTERVAL_MILLIS"),
  DB_NAME_MAP(null, "mvsqlite.dbNameMap", "MVSQLITE_DB_NAME_MAP"),
  FORCE_HTTP2(null, "mvsqlite.forceHttp2", "MVSQLITE_FORCE_HTTP2"),
  COMMIT_GROUP(null, "mvsqlite.experimentalCommitGroup", "MVSQLITE_EXPERIMENTAL_COMMIT_GROUP"),
  /**
   * The drop-in hosts (the agent, the LD_PRELOAD shim) and the JDBC driver's default: see {@link
   * AutocommitRetry}.
   */
  AUTOCOMMIT_RETRIES(null, "mvsqlite.autocommitRetries", "MVSQLITE_AUTOCOMMIT_RETRIES");

  private final String uriKey;
  private final String property;
  private final String environment;

  Setting(String uriKey, String property, String environment) {
    this.uriKey = uriKey;
    this.property = property;
    this.environment = environment;
  }

  /** The URI parameter, or {@code null} if the setting is process-wide only. */
  public String uriKey() {
    return uriKey;
  }

  /** The system property. */
  public String property() {
    return property;
  }

  /** The environment variable. */
  public String environment() {
    return environment;
  }
}
