package io.mvsqlite.client.vfs;

import static io.mvsqlite.protocol.SqliteCodes.SQLITE_ACCESS_EXISTS;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_CANTOPEN;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_DELETEONCLOSE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_MAIN_DB;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.transport.Transport;
import io.mvsqlite.client.txn.MvConnection;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.Version;
import java.util.Map;

/**
 * The mvSQLite VFS (reference client §4): main database files are namespaces of an mvstore (an
 * {@link MvFile} each); journals, temp databases and every other file are private in-memory files
 * ({@link MemoryFile}) that live as long as their handle. So SQLite never finds a hot journal and
 * never attempts crash recovery: the server's commit is atomic, there is nothing to recover.
 *
 * <p><b>Names</b> are parsed by {@link DatabaseName} (name map, {@code http://} origin, {@code @}
 * pins, hashproofs). A pin is a version (20 hex digits) or an ISO-8601 instant, resolved by {@link
 * VersionPins} to the newest version recorded before it ({@code /time2version}); a pinned file is
 * read-only. <b>URI parameters</b> of the name ({@code
 * file:NS?vfs=mvsqlite&store=/dir&pageSize=4096}) override the process configuration for that
 * connection ({@link ClientConfig#withUriParameters}).
 *
 * <p>{@code xAccess(EXISTS)} always answers false and {@code xDelete} does nothing; {@code
 * xFullPathname} is the identity. WAL is impossible (no shared-memory methods). Opening is cheap;
 * the first read of the header (which SQLite does while opening) contacts the backend once to learn
 * the namespace's page size.
 *
 * <p>Thread-safe: it holds only immutable configuration.
 */
public final class MvVfs implements VirtualFileSystem {

  /** The name of the main VFS. */
  public static final String NAME = "mvsqlite";

  private final String name;
  private final ClientConfig config;
  private final Transport.Factory transports;

  /**
   * @param name the VFS name ({@code mvsqlite}, {@code mvsqlite-4096}, ...)
   * @param config the process configuration; its page size is the default for new namespaces
   */
  public MvVfs(String name, ClientConfig config) {
    this(name, config, Transport::open);
  }

  /**
   * A VFS whose connections reach their pages through {@code transports} (tests wrap the real
   * ones).
   */
  public MvVfs(String name, ClientConfig config, Transport.Factory transports) {
    this.name = name;
    this.config = config;
    this.transports = transports;
  }

  /**
   * The main VFS {@code mvsqlite} and its page-size variants {@code mvsqlite-4096} ... {@code
   * mvsqlite-32768}.
   */
  public static java.util.List<MvVfs> all(ClientConfig config) {
    java.util.List<MvVfs> out = new java.util.ArrayList<>();
    out.add(new MvVfs(NAME, config));
    for (int size : new int[] {4096, 8192, 16384, 32768}) {
      out.add(new MvVfs(NAME + "-" + size, config.withPageSize(size, false)));
    }
    return out;
  }

  @Override
  public String name() {
    return name;
  }

  public ClientConfig config() {
    return config;
  }

  @Override
  public VirtualFile open(String nameOrNull, int flags) throws VfsException {
    return open(nameOrNull, flags, Map.of());
  }

  @Override
  public VirtualFile open(String nameOrNull, int flags, Map<String, String> uriParameters)
      throws VfsException {
    if ((flags & SQLITE_OPEN_MAIN_DB) == 0 || nameOrNull == null) {
      return new MemoryFile(flags | SQLITE_OPEN_DELETEONCLOSE, () -> {});
    }
    ClientConfig c;
    DatabaseName db;
    try {
      c = config.withUriParameters(uriParameters);
      db = DatabaseName.parse(nameOrNull, c.dbNameMap());
    } catch (MvException e) {
      throw cantOpen(nameOrNull, e);
    }
    Transport transport;
    try {
      transport = transports.open(c, db.origin());
    } catch (MvException e) {
      throw cantOpen(nameOrNull, e);
    }
    try {
      NamespaceRef ns = new NamespaceRef(db.namespaceKey(), db.hashproof());
      MvConnection connection =
          new MvConnection(
              transport.pageStore(),
              ns,
              transport.admin().orElse(null),
              new MvConnection.Options(
                  c.pageSizeBytes(),
                  c.pageCacheSize(),
                  c.writeChunkSize(),
                  c.prefetchDepth(),
                  c.lockOwner(),
                  c.autoCreateNamespace(),
                  MvConnection.DEFAULT_LEASE_RENEW_INTERVAL,
                  c.readAheadDepth()));
      String description = "namespace '" + ns.key() + "'";
      if (db.pin() != null) {
        Version version = VersionPins.resolve(db.pin(), transport.pageStore());
        connection.pin(version);
        description += " at version " + version.hex();
      }
      return new MvFile(
          connection,
          transport,
          db.pin() != null,
          c,
          description + " (" + transport.describe() + ")");
    } catch (MvException e) {
      transport.close();
      throw cantOpen(nameOrNull, e);
    } catch (RuntimeException | Error e) {
      transport.close();
      throw e;
    }
  }

  private VfsException cantOpen(String file, MvException e) {
    String message =
        "cannot open '" + file + "' with VFS " + name + ": " + e.code() + ": " + e.getMessage();
    return new VfsException(SQLITE_CANTOPEN, message, e);
  }

  /** Always false for EXISTS (no hot journals, no files to find); true for READ and READWRITE. */
  @Override
  public boolean access(String fileName, int flags) {
    return flags != SQLITE_ACCESS_EXISTS;
  }

  /**
   * Nothing to delete: journals and temp files vanish when closed, and namespaces are not files.
   */
  @Override
  public void delete(String fileName, boolean syncDir) {}
}
