package io.mvsqlite.bench;

import io.mvsqlite.client.sqlite.FileHandles;
import io.mvsqlite.client.sqlite.JdbcHandles;
import io.mvsqlite.client.vfs.MvFile;
import io.mvsqlite.protocol.Version;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * One system of {@link SqlBenchmark}, ready to open databases by name: local SQLite files in a
 * directory, or mvSQLite namespaces over HTTP (an mvstore on loopback, in this process) or in
 * direct mode. Every mvSQLite connection goes through a {@link BenchVfs}, whose counters tell where
 * the time went. {@link #close()} closes the server or store and unregisters the VFS; connections
 * must be closed first.
 *
 * <p>Thread-safe: connections may be opened from any thread.
 */
abstract sealed class SqlEndpoint implements AutoCloseable {

  /**
   * How long a local connection waits for another's lock before SQLite reports {@code SQLITE_BUSY}.
   */
  static final int LOCAL_BUSY_TIMEOUT_MILLIS = 30_000;

  /** {@code PRAGMA synchronous} reads back 2 for {@code FULL}. */
  private static final long FULL_SYNCHRONOUS = 2;

  final SqlSystem system;

  private SqlEndpoint(SqlSystem system) {
    this.system = system;
  }

  /**
   * Opens {@code system} over {@code dir}. Stores sync their log at every commit (the default of
   * mvstore and of direct mode), as local SQLite does with {@code synchronous=FULL}.
   */
  static SqlEndpoint open(SqlSystem system, Path dir) throws SQLException {
    return switch (system) {
      case LOCAL -> new Local(dir);
      case HTTP -> {
        LoopbackMvstore mvstore = LoopbackMvstore.start(dir, true);
        yield new Mv(
            system,
            "dataPlane=" + mvstore.url(),
            BenchVfs.register("http"),
            mvstore,
            mvstore.describe() + " behind http " + mvstore.url());
      }
      case DIRECT ->
          new Mv(
              system,
              "store=" + dir + "&autoCreate=1",
              BenchVfs.register("direct"),
              null,
              "rocksdb:" + dir + " in-process");
    };
  }

  /** Opens database {@code name} (created on first use). */
  abstract Connection open(String name) throws SQLException;

  /** Opens database {@code name} as it was at {@code version} (read-only); mvSQLite only. */
  Connection openAt(String name, Version version) throws SQLException {
    throw new UnsupportedOperationException(system + " has no versions");
  }

  /** The newest version {@code c}'s database has seen (mvSQLite only; empty for local files). */
  Optional<Version> lastKnownVersion(Connection c) {
    return Optional.empty();
  }

  /** The page-store calls of this system's connections so far (all zero for local files). */
  TimedPageStore.Snapshot layers() {
    return TimedPageStore.Snapshot.empty();
  }

  /** Where the data lives, for the report. */
  abstract String describe();

  @Override
  public abstract void close();

  /**
   * SQLite files in a directory, in rollback-journal mode with full syncs and 8 KiB pages (as
   * mvSQLite's).
   */
  static final class Local extends SqlEndpoint {
    private final Path dir;

    Local(Path dir) {
      super(SqlSystem.LOCAL);
      this.dir = Directories.createOrTemporary(dir, "unused");
    }

    @Override
    Connection open(String name) throws SQLException {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name + ".db"));
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA page_size = " + StoreBenchmarkSettings.PAGE_BYTES);
        s.execute("PRAGMA journal_mode = DELETE");
        s.execute("PRAGMA synchronous = FULL");
        s.execute("PRAGMA busy_timeout = " + LOCAL_BUSY_TIMEOUT_MILLIS);
        // The reference point must really be rollback-journal mode with full syncs: read the
        // settings back.
        String journal = Sql.queryString(c, "PRAGMA journal_mode");
        long synchronous = Sql.queryLong(c, "PRAGMA synchronous");
        if (!"delete".equalsIgnoreCase(journal) || synchronous != FULL_SYNCHRONOUS) {
          throw new SQLException(
              "local SQLite is in journal_mode="
                  + journal
                  + ", synchronous="
                  + synchronous
                  + "; the benchmark needs journal_mode=DELETE, synchronous=FULL (2)");
        }
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      return c;
    }

    @Override
    String describe() {
      return "files in "
          + dir
          + " (journal_mode=DELETE, synchronous=FULL, page_size="
          + StoreBenchmarkSettings.PAGE_BYTES
          + ")";
    }

    @Override
    public void close() {}
  }

  /** mvSQLite namespaces through a {@link BenchVfs}, over HTTP or in direct mode. */
  static final class Mv extends SqlEndpoint {
    private final String backendParameters;
    private final BenchVfs vfs;
    private final AutoCloseable server;
    private final String description;

    /**
     * Keeps the backend open between workloads. Direct mode closes its store with the last
     * connection; without this connection a "cold" client would also find a cold store (reopened,
     * empty block cache), unlike over HTTP, where the server stays up.
     */
    private final Connection keeper;

    Mv(
        SqlSystem system,
        String backendParameters,
        BenchVfs vfs,
        AutoCloseable server,
        String description)
        throws SQLException {
      super(system);
      this.backendParameters = backendParameters;
      this.vfs = vfs;
      this.server = server;
      this.description = description;
      this.keeper = connect("bench-keeper");
    }

    @Override
    Connection open(String name) throws SQLException {
      return connect(name);
    }

    @Override
    Connection openAt(String name, Version version) throws SQLException {
      return connect(name + "@" + version.hex());
    }

    private Connection connect(String name) throws SQLException {
      try {
        return DriverManager.getConnection(
            "jdbc:sqlite:file:" + name + "?vfs=" + vfs.name() + "&" + backendParameters);
      } catch (SQLException e) {
        throw new SQLException(
            e.getMessage() + " (mvSQLite: " + vfs.lastError() + ")",
            e.getSQLState(),
            e.getErrorCode(),
            e);
      }
    }

    @Override
    Optional<Version> lastKnownVersion(Connection c) {
      return FileHandles.fileFor(JdbcHandles.dbHandle(c), "main")
          .map(f -> ((MvFile) f).connection().lastKnownVersion());
    }

    @Override
    TimedPageStore.Snapshot layers() {
      return vfs.layers();
    }

    @Override
    String describe() {
      return description;
    }

    @Override
    public void close() {
      try {
        keeper.close();
        vfs.close();
      } catch (SQLException e) {
        throw new IllegalStateException("closing the keeper connection failed", e);
      } finally {
        if (server != null) {
          try {
            server.close();
          } catch (Exception e) {
            throw new IllegalStateException("closing the mvstore failed", e);
          }
        }
      }
    }
  }
}
