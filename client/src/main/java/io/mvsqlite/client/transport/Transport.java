package io.mvsqlite.client.transport;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.PageStore;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What one connection talks to: the {@link PageStore} of its backend, wrapped in a {@link
 * RetryingPageStore} with the configured deadline, plus the admin API where the backend is
 * in-process. {@link #close()} releases the backend (an in-process store closes with its last
 * connection; HTTP clients are shared and stay).
 *
 * <p>Thread-safe.
 */
public final class Transport implements AutoCloseable {

  /**
   * How a VFS opens transports: {@link Transport#open} in production; tests wrap it to inject
   * faults.
   */
  @FunctionalInterface
  public interface Factory {
    Transport open(ClientConfig config, URI originOverride);
  }

  private final PageStore raw;
  private final PageStore retrying;
  private final NamespaceAdmin admin;
  private final AutoCloseable onClose;
  private final String description;

  private Transport(
      PageStore raw,
      ClientConfig config,
      NamespaceAdmin admin,
      AutoCloseable onClose,
      String description) {
    this.raw = raw;
    this.retrying = new RetryingPageStore(raw, config.retryDeadline());
    this.admin = admin;
    this.onClose = onClose;
    this.description = description;
  }

  /**
   * A transport over any {@link PageStore} (a wrapper that counts calls or injects faults, for
   * instance), retried with {@code config}'s deadline.
   *
   * @param admin the admin API behind it, or {@code null}
   * @param onClose run by {@link #close()}, or {@code null}
   */
  public static Transport of(
      PageStore store,
      NamespaceAdmin admin,
      ClientConfig config,
      String description,
      AutoCloseable onClose) {
    return new Transport(store, config, admin, onClose, description);
  }

  /**
   * Opens the backend of {@code config}, or the mvstore at {@code originOverride} when the database
   * name carried one ({@code http://host:port/ns}).
   *
   * @throws MvException {@link ErrorCode#CLIENT_CONFIG} when no backend is configured, {@code
   *     BACKEND_UNAVAILABLE} when an in-process store cannot be opened
   */
  public static Transport open(ClientConfig config, URI originOverride) {
    if (originOverride != null) {
      return http(config, List.of(originOverride));
    }
    return switch (config.backend()) {
      case ClientConfig.DataPlane d -> http(config, d.urls());
      case ClientConfig.EmbeddedStore e ->
          direct(
              DirectStores.acquire(e, config.timekeeperInterval()),
              config,
              "embedded store " + e.directory());
      case ClientConfig.FdbCluster f ->
          direct(
              DirectStores.acquire(f, config.timekeeperInterval()),
              config,
              "FoundationDB cluster " + f.clusterFile());
      case ClientConfig.Unconfigured u ->
          throw new MvException(
              ErrorCode.CLIENT_CONFIG,
              "mvSQLite does not know where the database lives: set one of dataPlane=http://HOST:PORT (mvstore"
                  + " servers), store=DIRECTORY (an embedded store in this process) or cluster=FILE (a FoundationDB"
                  + " cluster), as a URI parameter (file:NAME?vfs=mvsqlite&store=/data/mv), a system property"
                  + " (-Dmvsqlite.dataPlane, -Dmvsqlite.store, -Dmvsqlite.cluster) or an environment variable"
                  + " (MVSQLITE_DATA_PLANE, MVSQLITE_STORE, MVSQLITE_CLUSTER)");
    };
  }

  private static Transport direct(DirectPageStore store, ClientConfig config, String description) {
    return new Transport(store, config, store.admin(), store, description);
  }

  private static Transport http(ClientConfig config, List<URI> urls) {
    return new Transport(
        new HttpPageStore(urls, config.httpTimeout(), config.forceHttp2()),
        config,
        null,
        null,
        "mvstore " + urls);
  }

  /** The backend's data plane, retrying transient failures until the configured deadline. */
  public PageStore pageStore() {
    return retrying;
  }

  /** The backend's data plane, single attempts (for callers with their own retry policy). */
  public PageStore rawPageStore() {
    return raw;
  }

  /**
   * The admin API, for in-process backends only (an mvstore's admin API is a separate listener).
   */
  public Optional<NamespaceAdmin> admin() {
    return Optional.ofNullable(admin);
  }

  /** Where the pages live, for messages. */
  public String describe() {
    return description;
  }

  /** Releases the backend (an in-process store closes with its last transport). Never throws. */
  @Override
  public void close() {
    if (onClose != null) {
      try {
        onClose.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(Transport.class)
            .warn("closing {} failed", description, e);
      }
    }
  }

  @Override
  public String toString() {
    return "Transport[" + description + "]";
  }
}
