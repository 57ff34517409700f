package io.mvsqlite.cli;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.transport.Transport;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.StatResult;
import java.util.Locale;
import java.util.Optional;

/**
 * A command's handle on the backend: the client's {@link Transport} (retrying data plane, plus the
 * engine's admin API when it runs in this process), opened with messages that say what to do when
 * it cannot be.
 *
 * <p>In-process stores are shared per location within the process ({@code DirectStores}): the
 * SQLite connections a command opens through the VFS use the same engine, and the store closes when
 * the last user lets go. Close this handle when the command ends. Not thread-safe (one command uses
 * it).
 */
public final class StoreAccess implements AutoCloseable {

  private final CliContext ctx;
  private final BackendOptions.Resolved backend;
  private final Transport transport;

  private StoreAccess(CliContext ctx, BackendOptions.Resolved backend, Transport transport) {
    this.ctx = ctx;
    this.backend = backend;
    this.transport = transport;
  }

  /**
   * Opens {@code backend}.
   *
   * @throws CliException if an in-process store cannot be opened (held by another process: the
   *     message suggests {@code --data-plane}; FoundationDB client missing: what to install)
   */
  public static StoreAccess open(CliContext ctx, BackendOptions.Resolved backend) {
    ClientConfig config = BackendOptions.clientConfig(ctx).withBackend(backend.backend());
    try {
      return new StoreAccess(ctx, backend, Transport.open(config, null));
    } catch (MvException e) {
      throw explainOpenFailure(ctx, backend, e);
    }
  }

  private static CliException explainOpenFailure(
      CliContext ctx, BackendOptions.Resolved backend, MvException e) {
    if (backend.backend() instanceof ClientConfig.EmbeddedStore store) {
      StringBuilder chain = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        chain.append(t.getMessage()).append('\n');
      }
      String message = chain.toString().toLowerCase(Locale.ROOT);
      String dir = UserPaths.display(ctx, store.directory());
      if (message.contains("lock")) {
        return CliException.failure(
            "the store "
                + dir
                + " is in use by another process (a running `mvsqlite"
                + " serve` or `mvstore`?). Connect through that server instead, e.g. --data-plane"
                + " http://127.0.0.1:7000, or stop it first. ("
                + rootMessage(e)
                + ")",
            e);
      }
      return CliException.failure("cannot open the store " + dir + ": " + e.getMessage(), e);
    }
    return CliException.failure("cannot open " + describe(ctx, backend) + ": " + e.getMessage(), e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage()).strip();
  }

  /** The data plane, retrying transient failures until the client's deadline. */
  public PageStore pageStore() {
    return transport.pageStore();
  }

  /**
   * The data plane, single attempts (for quick checks that should fail fast when a server is down).
   */
  public PageStore rawPageStore() {
    return transport.rawPageStore();
  }

  /** The engine's admin API, for in-process backends. */
  public Optional<NamespaceAdmin> admin() {
    return transport.admin();
  }

  public BackendOptions.Resolved backend() {
    return backend;
  }

  /** Where the pages live, for messages. */
  public String describe() {
    return describe(ctx, backend);
  }

  /**
   * Checks that {@code ns} exists, in one quick request; a missing namespace of an in-process store
   * is created when {@code create} is set ({@code true} is returned then).
   *
   * @throws CliException when the namespace is missing (saying how to create it) or the backend
   *     cannot be reached
   */
  public boolean ensureNamespace(NamespaceRef ns, boolean create) {
    try {
      rawPageStore().stat(ns, null, null);
      return false;
    } catch (MvException e) {
      if (e.code() == ErrorCode.NAMESPACE_NOT_FOUND) {
        Optional<NamespaceAdmin> admin = admin();
        if (create && admin.isPresent()) {
          admin.get().create(ns.key(), null);
          return true;
        }
        throw CliException.failure(
            "namespace '"
                + ns.key()
                + "' does not exist in "
                + describe()
                + ". Create it"
                + " with `"
                + createCommand(ns.key())
                + "`",
            e);
      }
      throw unreachable(e);
    }
  }

  /** The command that creates {@code key} where this command looks for it. */
  private String createCommand(String key) {
    return switch (backend.backend()) {
      case ClientConfig.EmbeddedStore e ->
          "mvsqlite ns create " + key + " --store " + e.directory();
      case ClientConfig.FdbCluster f ->
          "mvsqlite ns create " + key + " --cluster " + f.clusterFile();
      default ->
          "mvsqlite ns create "
              + key
              + " --admin-api URL` (or start the server with"
              + " --auto-create-namespace";
    };
  }

  /** The failure of a request to the backend, with what to check. */
  public CliException unreachable(MvException e) {
    if (e.code() == ErrorCode.NETWORK || e.code() == ErrorCode.DEADLINE_EXCEEDED) {
      return CliException.failure(
          "cannot reach "
              + describe()
              + ": "
              + e.getMessage()
              + ". Is the server running"
              + " (`mvsqlite serve`)? Check --data-plane / MVSQLITE_DATA_PLANE.",
          e);
    }
    return CliException.failure(Errors.describe(e), e);
  }

  /** The current snapshot of {@code ns} (one {@code /stat}, retried). */
  public StatResult stat(NamespaceRef ns) {
    try {
      return pageStore().stat(ns, null, null);
    } catch (MvException e) {
      if (e.code() == ErrorCode.NAMESPACE_NOT_FOUND) {
        throw CliException.failure(
            "namespace '" + ns.key() + "' does not exist in " + describe(), e);
      }
      throw unreachable(e);
    }
  }

  /**
   * A backend in words: {@code the embedded store ~/.mvsqlite/store}, {@code mvstore http://...}.
   */
  public static String describe(CliContext ctx, BackendOptions.Resolved backend) {
    return switch (backend.backend()) {
      case ClientConfig.DataPlane d ->
          "mvstore " + String.join(",", d.urls().stream().map(Object::toString).toList());
      case ClientConfig.EmbeddedStore e ->
          "the embedded store " + UserPaths.display(ctx, e.directory());
      case ClientConfig.FdbCluster f -> "the FoundationDB cluster of " + f.clusterFile();
      case ClientConfig.Unconfigured u -> "no backend";
    };
  }

  @Override
  public void close() {
    transport.close();
  }
}
