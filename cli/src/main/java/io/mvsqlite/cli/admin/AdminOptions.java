package io.mvsqlite.cli.admin;

import io.mvsqlite.cli.CliContext;
import io.mvsqlite.cli.CliException;
import io.mvsqlite.client.ClientConfig;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where namespace administration happens: an mvstore's admin API ({@code --admin-api}, {@code
 * MVSQLITE_ADMIN_API}, default {@value #DEFAULT_ADMIN_API}, with {@code --admin-token} / {@code
 * MVSQLITE_ADMIN_TOKEN}), or the engine in this process on an embedded store ({@code --store}) or
 * FoundationDB ({@code --cluster}). ISO-8601 instants are turned into versions by the data plane
 * ({@code --data-plane}, {@code MVSQLITE_DATA_PLANE}, default {@value #DEFAULT_DATA_PLANE}) or the
 * in-process engine.
 */
public final class AdminOptions {

  public static final String DEFAULT_ADMIN_API = "http://127.0.0.1:7001";
  public static final String DEFAULT_DATA_PLANE = "http://127.0.0.1:7000";
  static final String ADMIN_API_ENV = "MVSQLITE_ADMIN_API";
  static final String ADMIN_TOKEN_ENV = "MVSQLITE_ADMIN_TOKEN";

  @Option(
      names = "--admin-api",
      paramLabel = "URL",
      description =
          "The mvstore admin API (default: env MVSQLITE_ADMIN_API, else "
              + DEFAULT_ADMIN_API
              + ").")
  String adminApi;

  @Option(
      names = "--admin-token",
      paramLabel = "TOKEN",
      description =
          "Bearer token of the admin API (the server's --admin-token). Env MVSQLITE_ADMIN_TOKEN.")
  String adminToken;

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description =
          "Work in this process on the embedded store in DIR instead (not while a server serves it).")
  Path store;

  @Option(
      names = "--cluster",
      paramLabel = "FILE",
      description =
          "Work in this process on the FoundationDB cluster of this cluster file instead.")
  Path cluster;

  @Option(
      names = "--data-plane",
      paramLabel = "URL",
      description =
          "The data plane that maps ISO-8601 instants to versions (default: env MVSQLITE_DATA_PLANE, else "
              + DEFAULT_DATA_PLANE
              + ").")
  String dataPlane;

  /**
   * Opens the chosen admin API.
   *
   * @throws CliException {@link CliException#USAGE} for conflicting choices or an invalid URL
   */
  AdminSession open(CliContext ctx) {
    int chosen = (adminApi != null ? 1 : 0) + (store != null ? 1 : 0) + (cluster != null ? 1 : 0);
    if (chosen > 1) {
      throw CliException.usage("choose one of --admin-api, --store and --cluster");
    }
    if (store != null) {
      return AdminSession.inProcess(ctx, new ClientConfig.EmbeddedStore(store));
    }
    if (cluster != null) {
      return AdminSession.inProcess(ctx, new ClientConfig.FdbCluster(cluster));
    }
    String api = adminApi != null ? adminApi : ctx.getenv(ADMIN_API_ENV);
    String token = adminToken != null ? adminToken : ctx.getenv(ADMIN_TOKEN_ENV);
    String plane = dataPlane != null ? dataPlane : ctx.getenv("MVSQLITE_DATA_PLANE");
    return AdminSession.http(
        ctx,
        url(api != null ? api : DEFAULT_ADMIN_API),
        token,
        plane != null ? plane : DEFAULT_DATA_PLANE);
  }

  private static URI url(String text) {
    String t = text.trim();
    try {
      URI uri = URI.create(t.contains("://") ? t : "http://" + t);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw CliException.usage("invalid admin API URL '" + text + "': expected http://HOST:PORT");
    }
  }
}
