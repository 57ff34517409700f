package io.mvsqlite.client.sqlite;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The entry point of the binding: one instance per loaded copy of SQLite, holding its {@link
 * SqliteApi}, its {@link VfsRegistrar} and its {@link SqlFunctions}. {@code MvSqlite.install()} and
 * the native host call one of the two factories, then register the mvSQLite VFS and functions.
 *
 * <p><b>One SQLite per class loader.</b> Every class loader that loads sqlite-jdbc extracts and
 * loads its own copy of the native library, with its own VFS list and default VFS. A VFS registered
 * in one copy does not exist in another ("no such vfs"). {@link #forSqliteJdbc} therefore binds to
 * the copy of the class loader it is given; install into the loader that the application's {@code
 * DriverManager} or {@code DataSource} actually uses.
 *
 * <p><b>Caching.</b> Both factories are idempotent: the same copy of SQLite always yields the same
 * instance, found by sqlite-jdbc's {@code NativeDB} class, by library name, and finally by {@link
 * SqliteApi#identity()} (so a library bound both ways is one binding). These caches are static on
 * purpose: they mirror process-wide native state. A bound sqlite-jdbc class loader is kept alive
 * for the life of the process, and with it its native library, which holds pointers to our structs.
 *
 * <p><b>Threads.</b> Thread-safe. Calls into SQLite block the calling thread, and upcalls from
 * SQLite run on the thread that called SQLite (or on a native thread of a host program, which the
 * JVM attaches automatically). A virtual thread inside SQLite is pinned to its carrier for the
 * whole native call, upcalls included: run SQLite on platform threads.
 *
 * <p>Requires {@code --enable-native-access=ALL-UNNAMED} (or the module's name); without it every
 * factory fails with a message saying so.
 */
public final class SqliteBinding {

  private static final String NATIVE_DB = "org.sqlite.core.NativeDB";

  private static final ClassValue<SqliteBinding> BY_NATIVE_DB_CLASS =
      new ClassValue<>() {
        @Override
        protected SqliteBinding computeValue(Class<?> nativeDbClass) {
          return canonical(JavaDlBootstrap.capture(nativeDbClass.getClassLoader()), nativeDbClass);
        }
      };
  private static final ConcurrentMap<String, SqliteBinding> BY_LIBRARY = new ConcurrentHashMap<>();
  private static final ConcurrentMap<Long, SqliteBinding> BY_IDENTITY = new ConcurrentHashMap<>();

  private final SqliteApi api;
  private final VfsRegistrar vfs;
  private final SqlFunctions functions;

  /**
   * Keeps the library loaded: sqlite-jdbc's {@code NativeDB} class pins its class loader, and a JNI
   * library is unloaded only with its loader. SQLite must never be unmapped while it holds our
   * structs, and an unloaded copy's address (our {@link SqliteApi#identity()}) must never be reused
   * by another copy.
   */
  private final Object anchor;

  private SqliteBinding(SqliteApi api, Object anchor) {
    this.api = api;
    this.anchor = anchor;
    this.vfs = new VfsRegistrar(api);
    this.functions = new SqlFunctions(api);
  }

  /**
   * Binds to the SQLite bundled in the sqlite-jdbc that {@code loader} sees, capturing its API on
   * first use (one throw-away in-memory connection, a few milliseconds).
   *
   * @throws IllegalStateException without native access, or if the capture fails
   * @throws IllegalArgumentException if sqlite-jdbc is not visible from {@code loader}
   */
  public static SqliteBinding forSqliteJdbc(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    NativeAccess.requireEnabled();
    Class<?> nativeDb;
    try {
      nativeDb = Class.forName(NATIVE_DB, false, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "sqlite-jdbc (" + NATIVE_DB + ") is not visible from " + loader, e);
    }
    return forNativeDbClass(nativeDb);
  }

  /**
   * The binding of the SQLite copy that sqlite-jdbc's {@code NativeDB} class (of some loader) uses.
   */
  static SqliteBinding forNativeDbClass(Class<?> nativeDbClass) {
    NativeAccess.requireEnabled();
    return BY_NATIVE_DB_CLASS.get(nativeDbClass);
  }

  /**
   * Binds to the SQLite exported by a shared library: a path such as {@code
   * /lib/x86_64-linux-gnu/libsqlite3.so.0}, or a name such as {@code libsqlite3.so.0} that the
   * dynamic linker resolves (finding the host program's copy when it is already loaded).
   *
   * @throws IllegalStateException without native access, or if the library lacks a needed function
   * @throws IllegalArgumentException if the library cannot be loaded
   */
  public static SqliteBinding forNativeLibrary(String pathOrName) {
    Objects.requireNonNull(pathOrName, "pathOrName");
    NativeAccess.requireEnabled();
    return BY_LIBRARY.computeIfAbsent(
        pathOrName, name -> canonical(SqliteApi.fromLibrary(name), name));
  }

  private static SqliteBinding canonical(SqliteApi api, Object anchor) {
    return BY_IDENTITY.computeIfAbsent(api.identity(), identity -> new SqliteBinding(api, anchor));
  }

  public SqliteApi api() {
    return api;
  }

  /** Registers Java VFSes into this SQLite copy. */
  public VfsRegistrar vfs() {
    return vfs;
  }

  /** Registers Java SQL functions in this SQLite copy. */
  public SqlFunctions functions() {
    return functions;
  }

  @Override
  public String toString() {
    return "SqliteBinding[" + api.source() + ", SQLite " + api.libversion() + "]";
  }
}
