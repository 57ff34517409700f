package io.mvsqlite.client.sqlite;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Captures the {@code sqlite3_api_routines} table of the SQLite bundled in sqlite-jdbc, whose
 * symbols are hidden, in pure Java ("JavaDl", feasibility study §2 strategy 4).
 *
 * <p>{@code sqlite3_load_extension} resolves an extension through the connection's VFS: {@code
 * xDlOpen}, then {@code xDlSym(handle, "sqlite3_extension_init")}, then calls that entry point with
 * {@code pApi}, the address of SQLite's official routines table. So:
 *
 * <ol>
 *   <li>open a throw-away sqlite-jdbc connection and read its {@code db->pVfs} (the first member of
 *       {@code struct sqlite3}): the default VFS;
 *   <li>copy it into a bootstrap VFS with a unique name whose {@code xDlOpen}/{@code xDlSym}/{@code
 *       xDlClose} are Java upcalls, and splice it into SQLite's VFS list right after the default
 *       one (we have no {@code sqlite3_vfs_register} yet, so this one write is done by hand,
 *       without SQLite's mutex);
 *   <li>open {@code file::memory:?vfs=<bootstrap>} with {@code enable_load_extension} and run
 *       {@code SELECT load_extension('<token>')}: the Java {@code xDlSym} returns a Java upcall as
 *       the entry point, which receives {@code pApi};
 *   <li>close that connection and remove the bootstrap VFS with the official, mutex-protected
 *       {@code sqlite3_vfs_unregister} (by hand, if the capture failed).
 * </ol>
 *
 * The bootstrap VFS opens no file: {@code :memory:} databases never touch a VFS. Captures are
 * serialised by one lock, which also makes the static hand-off from the entry-point upcall safe.
 */
@SuppressWarnings("restricted") // FFM is this package's purpose; native access is checked up front
final class JavaDlBootstrap {

  /** The "file name" given to {@code load_extension}; our {@code xDlOpen} accepts only this. */
  static final String EXTENSION_TOKEN = "mvsqlite-java-bootstrap";

  private static final ReentrantLock CAPTURE_LOCK = new ReentrantLock();
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  /**
   * The pApi received by the entry point during the capture in progress (guarded by CAPTURE_LOCK).
   */
  private static volatile long capturedRoutines;

  private JavaDlBootstrap() {}

  /** The upcall stubs, created on first capture, alive for the process. */
  private static final class Stubs {
    static final MemorySegment X_DL_OPEN =
        stub("xDlOpen", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    static final MemorySegment X_DL_ERROR =
        stub("xDlError", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS));
    static final MemorySegment X_DL_SYM =
        stub("xDlSym", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MemorySegment X_DL_CLOSE =
        stub("xDlClose", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    static final MemorySegment ENTRY_POINT =
        stub("extensionEntryPoint", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));

    private Stubs() {}

    private static MemorySegment stub(String name, FunctionDescriptor descriptor) {
      return NativeAccess.upcall(
          MethodHandles.lookup().in(JavaDlBootstrap.class), name, descriptor);
    }
  }

  /**
   * Captures the routines table of the sqlite-jdbc whose {@code org.sqlite.JDBC} {@code loader}
   * loads, and binds to it.
   *
   * @throws IllegalStateException if the capture fails (for example a SQLite built without
   *     extension loading)
   */
  static SqliteApi capture(ClassLoader loader) {
    CAPTURE_LOCK.lock();
    try {
      Driver driver = driver(loader);
      MemorySegment defaultVfs;
      String expectedVersion;
      try (Connection probe = driver.connect("jdbc:sqlite::memory:", new Properties())) {
        long db = JdbcHandles.rawPointer(probe);
        defaultVfs =
            MemorySegment.ofAddress(db)
                .reinterpret(ADDRESS.byteSize())
                .get(ADDRESS, Layouts.Db.P_VFS);
        expectedVersion = queryString(probe, "SELECT sqlite_version()");
      }
      String name = EXTENSION_TOKEN + "-" + SEQUENCE.incrementAndGet();
      MemorySegment bootstrap = bootstrapVfs(defaultVfs, name);
      MemorySegment defaultStruct = defaultVfs.reinterpret(Layouts.Vfs.SIZE_V1);
      capturedRoutines = 0;
      defaultStruct.set(ADDRESS, Layouts.Vfs.P_NEXT, bootstrap);
      SqliteApi api = null;
      try {
        Properties properties = new Properties();
        properties.setProperty("enable_load_extension", "true");
        try (Connection connection =
            driver.connect("jdbc:sqlite:file::memory:?vfs=" + name, properties)) {
          queryString(connection, "SELECT load_extension('" + EXTENSION_TOKEN + "')");
        }
        long routines = capturedRoutines;
        if (routines == 0) {
          throw new IllegalStateException(
              "SQLite did not call the bootstrap extension's entry point");
        }
        api =
            SqliteApi.fromApiRoutines(
                MemorySegment.ofAddress(routines), "sqlite-jdbc in " + loader);
      } catch (SQLException e) {
        throw new IllegalStateException(
            "capturing sqlite-jdbc's SQLite API through load_extension failed: " + e.getMessage(),
            e);
      } finally {
        if (api == null || api.vfsUnregister(bootstrap) != 0) {
          unspliceByHand(defaultStruct, bootstrap);
        }
      }
      String actualVersion = api.libversion();
      if (!actualVersion.equals(expectedVersion)) {
        throw new IllegalStateException(
            "the captured SQLite API reports version "
                + actualVersion
                + " but the connection runs "
                + expectedVersion);
      }
      return api;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "opening a sqlite-jdbc bootstrap connection failed: " + e.getMessage(), e);
    } finally {
      CAPTURE_LOCK.unlock();
    }
  }

  private static Driver driver(ClassLoader loader) {
    try {
      Class<?> type = Class.forName("org.sqlite.JDBC", true, loader);
      return (Driver) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalArgumentException(
          "sqlite-jdbc's org.sqlite.JDBC cannot be loaded from " + loader, e);
    }
  }

  private static String queryString(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  /**
   * A copy of the default VFS, named {@code name}, with Java dynamic-loading methods, linked before
   * its successor.
   */
  private static MemorySegment bootstrapVfs(MemorySegment defaultVfs, String name) {
    int version = defaultVfs.reinterpret(Layouts.Vfs.SIZE_V1).get(JAVA_INT, Layouts.Vfs.I_VERSION);
    long size = Layouts.Vfs.sizeFor(version);
    MemorySegment source = defaultVfs.reinterpret(size);
    Arena global = Arena.global();
    MemorySegment vfs = global.allocate(Layouts.Vfs.SIZE, ADDRESS.byteAlignment());
    MemorySegment.copy(source, 0, vfs, 0, size);
    vfs.set(ADDRESS, Layouts.Vfs.Z_NAME, global.allocateFrom(name));
    vfs.set(ADDRESS, Layouts.Vfs.P_NEXT, source.get(ADDRESS, Layouts.Vfs.P_NEXT));
    vfs.set(ADDRESS, Layouts.Vfs.X_DL_OPEN, Stubs.X_DL_OPEN);
    vfs.set(ADDRESS, Layouts.Vfs.X_DL_ERROR, Stubs.X_DL_ERROR);
    vfs.set(ADDRESS, Layouts.Vfs.X_DL_SYM, Stubs.X_DL_SYM);
    vfs.set(ADDRESS, Layouts.Vfs.X_DL_CLOSE, Stubs.X_DL_CLOSE);
    return vfs;
  }

  /**
   * Removes {@code bootstrap} from the list that continues after {@code start}, without SQLite's
   * mutex.
   */
  private static void unspliceByHand(MemorySegment start, MemorySegment bootstrap) {
    MemorySegment current = start;
    while (current.address() != 0) {
      MemorySegment struct = current.reinterpret(Layouts.Vfs.SIZE_V1);
      MemorySegment next = struct.get(ADDRESS, Layouts.Vfs.P_NEXT);
      if (next.address() == bootstrap.address()) {
        struct.set(ADDRESS, Layouts.Vfs.P_NEXT, bootstrap.get(ADDRESS, Layouts.Vfs.P_NEXT));
        return;
      }
      current = next;
    }
  }

  // --- Upcalls of the bootstrap VFS: each catches Throwable (an escaping exception would end the
  // JVM). -------

  static MemorySegment xDlOpen(MemorySegment vfs, MemorySegment fileName) {
    try {
      // Any non-NULL handle will do; the bootstrap VFS's own address is unique and never
      // dereferenced as a library.
      return EXTENSION_TOKEN.equals(NativeAccess.readCString(fileName)) ? vfs : MemorySegment.NULL;
    } catch (Throwable t) {
      return MemorySegment.NULL;
    }
  }

  static void xDlError(MemorySegment vfs, int bufferBytes, MemorySegment buffer) {
    try {
      NativeAccess.writeTruncatedCString(
          "only the mvSQLite bootstrap pseudo-extension can be loaded through this VFS",
          buffer,
          bufferBytes);
    } catch (Throwable ignored) {
      // No message then.
    }
  }

  static MemorySegment xDlSym(MemorySegment vfs, MemorySegment handle, MemorySegment symbol) {
    try {
      return handle.address() == vfs.address()
              && "sqlite3_extension_init".equals(NativeAccess.readCString(symbol))
          ? Stubs.ENTRY_POINT
          : MemorySegment.NULL;
    } catch (Throwable t) {
      return MemorySegment.NULL;
    }
  }

  static void xDlClose(MemorySegment vfs, MemorySegment handle) {}

  static int extensionEntryPoint(MemorySegment db, MemorySegment pzErrMsg, MemorySegment routines) {
    capturedRoutines = routines.address();
    return 0;
  }
}
