package io.mvsqlite.cli.shell;

import io.mvsqlite.cli.CliContext;
import io.mvsqlite.cli.CliException;
import io.mvsqlite.cli.NamespaceName;
import io.mvsqlite.cli.SqlConnections;
import io.mvsqlite.cli.StoreAccess;
import io.mvsqlite.client.txn.MvConnection;
import io.mvsqlite.client.vfs.VersionPins;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.Version;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The namespace a shell session works on: one JDBC connection (autocommit, like sqlite3; {@code
 * BEGIN}/{@code COMMIT} work as SQL), opened after a quick check that the namespace exists. On an
 * in-process store a missing namespace is created, saying so on standard error; a pinned name
 * ({@code NS@VERSION}) opens read-only at that version and is never created. Not thread-safe.
 */
final class ShellDatabase implements AutoCloseable {

  private final NamespaceName name;
  private final Connection connection;

  private ShellDatabase(NamespaceName name, Connection connection) {
    this.name = name;
    this.connection = connection;
  }

  /**
   * Opens {@code name} through {@code store}.
   *
   * @throws CliException when the namespace is missing (and cannot be created), the pin is invalid,
   *     or the backend cannot be reached
   */
  static ShellDatabase open(CliContext ctx, StoreAccess store, NamespaceName name) {
    boolean pinned = name.pin() != null;
    if (store.ensureNamespace(name.ref(), !pinned)) {
      ctx.err().println("mvsqlite: created namespace '" + name.key() + "' in " + store.describe());
    }
    if (pinned) {
      try {
        VersionPins.resolve(name.pin(), store.rawPageStore());
      } catch (MvException e) {
        throw CliException.failure("cannot open " + name.text() + ": " + e.getMessage(), e);
      }
    }
    try {
      return new ShellDatabase(name, SqlConnections.open(name, store.backend().backend()));
    } catch (SQLException e) {
      String vfs = SqlConnections.lastVfsError().map(v -> ": " + v.message()).orElse("");
      throw CliException.failure("cannot open " + name.text() + ": " + e.getMessage() + vfs, e);
    }
  }

  NamespaceName name() {
    return name;
  }

  Connection connection() {
    return connection;
  }

  /**
   * The version a pinned session reads at, or the namespace's last known version (starting a read
   * if none happened yet); empty if the connection is not an mvSQLite one.
   */
  Optional<VersionInfo> version() throws SQLException {
    Optional<MvConnection> mv = SqlConnections.mvConnection(connection);
    if (mv.isEmpty()) {
      return Optional.empty();
    }
    Version pinned = mv.get().pinnedVersion();
    if (pinned != null) {
      return Optional.of(new VersionInfo(pinned, true));
    }
    if (mv.get().lastKnownVersion() == null) {
      try (Statement s = connection.createStatement()) {
        s.execute("PRAGMA schema_version");
      }
    }
    return Optional.ofNullable(mv.get().lastKnownVersion()).map(v -> new VersionInfo(v, false));
  }

  /** A version of the namespace, and whether the session is pinned to it. */
  record VersionInfo(Version version, boolean pinned) {}

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing a connection only releases it; its transaction, if any, is abandoned either way.
    }
  }
}
