package io.mvsqlite.client.jdbc;

import io.mvsqlite.client.AutocommitRetry;
import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.Setting;
import io.mvsqlite.client.vfs.DatabaseName;
import io.mvsqlite.client.vfs.MvVfs;
import io.mvsqlite.client.vfs.VersionPins;
import io.mvsqlite.protocol.MvException;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * What opening one {@code jdbc:mvsqlite:} connection takes: the sqlite-jdbc URL and properties, and
 * the driver's retry policy. Built from the URL and the {@link Properties} given to {@code connect}
 * (the URL wins), and checked before anything is opened, so a bad option fails with a clear {@link
 * SQLException} and touches nothing.
 *
 * <p>Each key goes to one place: the driver's own option ({@link RetryOption#KEY}) stays in the
 * driver; mvSQLite's client settings ({@link Setting#uriKey()}) go into the SQLite URI, where the
 * VFS reads them; every other key of the URL also goes into the URI (sqlite-jdbc takes its own
 * properties from there, SQLite its URI parameters), and every other property goes to sqlite-jdbc
 * as a property.
 *
 * @param sqliteUrl {@code jdbc:sqlite:file:NAME?vfs=mvsqlite&…}
 * @param sqliteProperties the properties for sqlite-jdbc
 * @param retry how autocommit statements are retried after conflicts
 */
record OpenRequest(String sqliteUrl, Properties sqliteProperties, AutocommitRetry retry) {

  private static final Set<String> CLIENT_KEYS = collectClientKeys();
  private static final Set<String> BACKEND_KEYS =
      Set.of(Setting.DATA_PLANE.uriKey(), Setting.STORE.uriKey(), Setting.CLUSTER.uriKey());

  /**
   * @param process the process configuration of the installed VFS (system properties, environment)
   * @throws SQLException SQLSTATE 08001 for an invalid option or when no backend is configured
   *     anywhere; the SQLSTATE of the {@link io.mvsqlite.protocol.ErrorCode} for an invalid name or
   *     pin (3D000, 22023)
   */
  static OpenRequest of(JdbcUrl url, Properties info, ClientConfig process) throws SQLException {
    Map<String, String> fromProperties = new LinkedHashMap<>();
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        fromProperties.put(key, info.getProperty(key));
      }
    }
    if (BACKEND_KEYS.stream().anyMatch(url.parameters()::containsKey)) {
      // The URL's backend replaces the properties' one, whichever of the three each names.
      fromProperties.keySet().removeAll(BACKEND_KEYS);
    }
    Map<String, String> options = new LinkedHashMap<>(fromProperties);
    options.putAll(url.parameters());
    if (options.containsKey("vfs")) {
      throw SqlExceptions.configuration(
          "the driver chooses the VFS ("
              + MvVfs.NAME
              + "); remove vfs="
              + options.get("vfs")
              + " (choose the page size of a new namespace with pageSize=)");
    }
    AutocommitRetry retry = RetryOption.from(options);

    Map<String, String> client = new LinkedHashMap<>();
    options.forEach(
        (k, v) -> {
          if (CLIENT_KEYS.contains(k)) {
            client.put(k, v);
          }
        });
    ClientConfig config;
    DatabaseName name;
    try {
      config = process.withUriParameters(client);
      name = DatabaseName.parse(url.database(), config.dbNameMap());
      if (name.pin() != null && !VersionPins.isVersion(name.pin())) {
        VersionPins.parseInstant(name.pin());
      }
    } catch (MvException e) {
      throw SqlExceptions.of(e);
    }
    if (config.backend() instanceof ClientConfig.Unconfigured && name.origin() == null) {
      throw SqlExceptions.configuration(
          "mvSQLite does not know where the database lives: add"
              + " dataPlane=http://HOST:PORT (mvstore servers), store=DIRECTORY (an embedded store in this process) or"
              + " cluster=FILE (a FoundationDB cluster) to the URL ("
              + JdbcUrl.PREFIX
              + url.database()
              + "?dataPlane=…),"
              + " or set MVSQLITE_DATA_PLANE (or MVSQLITE_STORE, MVSQLITE_CLUSTER) in the environment, or"
              + " -Dmvsqlite.dataPlane");
    }

    StringBuilder sqlite =
        new StringBuilder("jdbc:sqlite:file:")
            .append(JdbcUrl.encode(url.database()))
            .append("?vfs=")
            .append(MvVfs.NAME);
    Set<String> inUri = new HashSet<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey();
      boolean uriKey = CLIENT_KEYS.contains(key) || url.parameters().containsKey(key);
      if (uriKey && !key.equals(RetryOption.KEY)) {
        sqlite
            .append('&')
            .append(JdbcUrl.encode(key))
            .append('=')
            .append(JdbcUrl.encode(e.getValue()));
        inUri.add(key);
      }
    }
    Properties properties = new Properties();
    fromProperties.forEach(
        (k, v) -> {
          if (!inUri.contains(k) && !k.equals(RetryOption.KEY) && !CLIENT_KEYS.contains(k)) {
            properties.setProperty(k, v);
          }
        });
    return new OpenRequest(sqlite.toString(), properties, retry);
  }

  private static Set<String> collectClientKeys() {
    Set<String> keys = new HashSet<>();
    for (Setting s : Setting.values()) {
      if (s.uriKey() != null) {
        keys.add(s.uriKey());
      }
    }
    return Set.copyOf(keys);
  }

  /** The keys that are mvSQLite client settings. */
  static Set<String> clientKeys() {
    return CLIENT_KEYS;
  }
}
