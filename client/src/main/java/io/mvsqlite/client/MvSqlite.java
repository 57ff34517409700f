package io.mvsqlite.client;

import io.mvsqlite.client.functions.MvFunctions;
import io.mvsqlite.client.sqlite.SqliteBinding;
import io.mvsqlite.client.sqlite.VfsRegistration;
import io.mvsqlite.client.vfs.MvVfs;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Installs mvSQLite into the SQLite of sqlite-jdbc: after {@link #install()}, {@code
 * jdbc:sqlite:file:NS?vfs=mvsqlite&store=/data/mv} (or {@code dataPlane=http://host:7000}, or
 * {@code MVSQLITE_DATA_PLANE} in the environment) opens namespace {@code NS} of mvSQLite.
 *
 * <p>It registers the VFS {@code mvsqlite} (page size {@code MVSQLITE_SECTOR_SIZE}, default 8192,
 * for new namespaces) and {@code mvsqlite-4096} ... {@code mvsqlite-32768}, configured from system
 * properties and the environment ({@link ClientConfig#fromProcess()}) once, at the first
 * installation. Existing namespaces keep their own page size whichever variant opens them. It also
 * gives every connection that copy of SQLite opens from then on mvSQLite's SQL functions ({@link
 * MvFunctions}).
 *
 * <p><b>Class loaders.</b> Each class loader that loads sqlite-jdbc has its own copy of SQLite:
 * install into the one the application's {@code DriverManager} or {@code DataSource} uses ({@link
 * #install(ClassLoader)}); {@link #install()} uses the thread's context class loader, else this
 * class's. Installing again into the same copy is a no-op, so callers need not coordinate.
 *
 * <p>Requires {@code --enable-native-access=ALL-UNNAMED}. Thread-safe.
 */
public final class MvSqlite {

  /** What was installed into one copy of SQLite. */
  public record Installation(SqliteBinding binding, ClientConfig config, List<MvVfs> fileSystems) {

    /**
     * The last failure the main VFS reported to SQLite on the calling thread (SQLite's own text is
     * generic).
     */
    public Optional<VfsRegistration.VfsError> lastError() {
      Optional<VfsRegistration.VfsError> latest = Optional.empty();
      for (MvVfs fs : fileSystems) {
        Optional<VfsRegistration.VfsError> e =
            binding.vfs().registration(fs.name()).flatMap(VfsRegistration::lastError);
        if (e.isPresent()) {
          latest = e;
          if (fs.name().equals(MvVfs.NAME)) {
            return e;
          }
        }
      }
      return latest;
    }
  }

  private static final Map<SqliteBinding, Installation> INSTALLED = new ConcurrentHashMap<>();

  private MvSqlite() {}

  /**
   * Installs into the sqlite-jdbc of the context class loader (or this class's), not as the default
   * VFS.
   */
  public static Installation install() {
    return install(defaultLoader());
  }

  /** Installs into the sqlite-jdbc that {@code loader} sees, not as the default VFS. */
  public static Installation install(ClassLoader loader) {
    return install(loader, false);
  }

  /**
   * Installs and makes {@code mvsqlite} SQLite's default VFS, so that every database an application
   * opens with a plain {@code jdbc:sqlite:NAME} URL is an mvSQLite namespace (what the {@code
   * -javaagent} does).
   */
  public static Installation installAsDefault(ClassLoader loader) {
    return install(loader, true);
  }

  private static Installation install(ClassLoader loader, boolean asDefault) {
    return install(SqliteBinding.forSqliteJdbc(loader), asDefault);
  }

  /**
   * Installs into the SQLite copy of {@code binding} (a native host's {@code libsqlite3}: {@link
   * NativeHost}).
   */
  static Installation install(SqliteBinding binding, boolean asDefault) {
    Installation installation =
        INSTALLED.computeIfAbsent(
            binding,
            b -> {
              ClientConfig config = ClientConfig.fromProcess();
              List<MvVfs> fileSystems = MvVfs.all(config);
              for (MvVfs fs : fileSystems) {
                b.vfs().register(fs, false);
              }
              MvFunctions.installOnEveryConnection(b.functions(), config);
              return new Installation(b, config, fileSystems);
            });
    if (asDefault) {
      binding.vfs().setDefault(MvVfs.NAME);
    }
    return installation;
  }

  private static ClassLoader defaultLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      try {
        Class.forName("org.sqlite.core.NativeDB", false, context);
        return context;
      } catch (ClassNotFoundException e) {
        // Fall back to the loader of this class.
      }
    }
    return MvSqlite.class.getClassLoader();
  }
}
