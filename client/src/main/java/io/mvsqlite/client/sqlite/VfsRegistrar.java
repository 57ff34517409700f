package io.mvsqlite.client.sqlite;

import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OK;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.mvsqlite.client.vfs.VirtualFileSystem;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Registers {@link VirtualFileSystem}s into one loaded copy of SQLite ({@link SqliteApi}).
 *
 * <p>For each file system it builds a {@code sqlite3_vfs} in {@code Arena.global()}: {@code
 * szOsFile} 16 (the {@code pMethods} pointer plus a 64-bit handle id, see {@link OpenFiles}),
 * {@code mxPathname} 512, the Java upcalls of {@link VfsUpcalls}, and, copied from the VFS that was
 * the default at registration time, {@code xDlOpen}, {@code xDlError}, {@code xDlSym}, {@code
 * xDlClose} (so {@code load_extension} keeps working on our connections) and, when that VFS has
 * them (iVersion 3), {@code xSetSystemCall}, {@code xGetSystemCall}, {@code xNextSystemCall}; our
 * iVersion is then 3, else 2. Every file shares the one {@code sqlite3_io_methods} of {@link
 * IoUpcalls}.
 *
 * <p><b>Lifetimes.</b> Structs, names and stubs are never freed: SQLite connections keep using a
 * VFS struct after {@link #unregister} until they close, and nothing tells us when the last one
 * has. The cost is a few hundred bytes per registered name.
 *
 * <p><b>Idempotence.</b> Registering the same file system under its name again is a no-op (or, with
 * {@code makeDefault}, makes it the default). A name already taken by another file system, or by a
 * native VFS such as {@code unix}, is refused.
 *
 * <p>Thread-safe. Obtain instances from {@link SqliteBinding#vfs()}: one per SQLite copy.
 */
@SuppressWarnings("restricted") // FFM is this package's purpose; native access is checked up front
public final class VfsRegistrar {

  /** Longest path name a Java VFS accepts, in bytes ({@code mxPathname}). */
  public static final int MAX_PATHNAME_BYTES = 512;

  /** Longest VFS name accepted, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 255;

  private final SqliteApi api;
  private final Map<String, VfsRegistration> byName = new HashMap<>(); // guarded by this

  VfsRegistrar(SqliteApi api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  public SqliteApi api() {
    return api;
  }

  /**
   * Registers {@code fileSystem} under {@link VirtualFileSystem#name()}.
   *
   * @param makeDefault also make it SQLite's default VFS, used by every later open that names no
   *     VFS (process-wide for this SQLite copy, including connections opened by libraries)
   * @throws IllegalArgumentException if the name is empty, too long, or contains NUL
   * @throws IllegalStateException if the name is taken by another file system or by a native VFS
   * @throws SqliteCallException if SQLite refuses the registration
   */
  public synchronized VfsRegistration register(VirtualFileSystem fileSystem, boolean makeDefault) {
    String name = validName(fileSystem.name());
    VfsRegistration existing = byName.get(name);
    if (existing != null && existing.fileSystem() == fileSystem) {
      if (makeDefault || api.vfsFind(name).address() == 0) {
        check(api.vfsRegister(existing.vfs(), makeDefault), "sqlite3_vfs_register");
      }
      return existing;
    }
    MemorySegment taken = api.vfsFind(name);
    if (taken.address() != 0) {
      String owner = existing != null ? " for another file system" : "";
      throw new IllegalStateException(
          "a VFS named '" + name + "' is already registered in " + api + owner);
    }
    MemorySegment previousDefault = api.vfsFind(null);
    VfsRegistration registration =
        new VfsRegistration(api, fileSystem, name, buildStruct(name, previousDefault));
    VfsUpcalls.bind(registration);
    int rc = api.vfsRegister(registration.vfs(), makeDefault);
    if (rc != SQLITE_OK) {
      VfsUpcalls.unbind(registration);
      check(rc, "sqlite3_vfs_register");
    }
    byName.put(name, registration);
    return registration;
  }

  /**
   * Removes the VFS named {@code name} from SQLite's list, if this registrar registered it. Open
   * connections keep using it until they close; new opens no longer find it. If it was the default,
   * SQLite makes the next VFS in its list the default (use {@link #setDefault} to choose).
   *
   * @return true if it was registered
   */
  public synchronized boolean unregister(String name) {
    VfsRegistration registration = byName.get(name);
    if (registration == null || api.vfsFind(name).address() != registration.vfs().address()) {
      return false;
    }
    check(api.vfsUnregister(registration.vfs()), "sqlite3_vfs_unregister");
    return true;
  }

  /**
   * Makes the registered VFS {@code name} (ours, or a native one such as {@code unix}) SQLite's
   * default.
   *
   * @throws IllegalArgumentException if no VFS of that name is registered
   */
  public synchronized void setDefault(String name) {
    MemorySegment vfs = api.vfsFind(Objects.requireNonNull(name, "name"));
    if (vfs.address() == 0) {
      throw new IllegalArgumentException("no VFS named '" + name + "' is registered in " + api);
    }
    check(api.vfsRegister(vfs, true), "sqlite3_vfs_register");
  }

  /** The name of SQLite's current default VFS. */
  public String defaultVfsName() {
    return vfsName(api.vfsFind(null));
  }

  /**
   * The registration of {@code name} made through this registrar, registered or since unregistered.
   */
  public synchronized Optional<VfsRegistration> registration(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Whether SQLite currently finds a VFS named {@code name} (ours or native). */
  public boolean isRegistered(String name) {
    return api.vfsFind(name).address() != 0;
  }

  static String vfsName(MemorySegment vfs) {
    if (vfs.address() == 0) {
      return null;
    }
    return NativeAccess.readCString(
        vfs.reinterpret(Layouts.Vfs.SIZE_V1).get(ADDRESS, Layouts.Vfs.Z_NAME));
  }

  private static String validName(String name) {
    if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a VFS name must be non-empty and free of NUL characters");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "a VFS name may have at most " + MAX_NAME_BYTES + " UTF-8 bytes");
    }
    return name;
  }

  private MemorySegment buildStruct(String name, MemorySegment previousDefault) {
    if (previousDefault.address() == 0) {
      throw new IllegalStateException(
          "SQLite has no default VFS to take the dynamic-loading methods from");
    }
    MemorySegment previous = previousDefault.reinterpret(Layouts.Vfs.SIZE_V1);
    int previousVersion = previous.get(JAVA_INT, Layouts.Vfs.I_VERSION);
    boolean systemCalls = previousVersion >= 3;
    if (systemCalls) {
      previous = previousDefault.reinterpret(Layouts.Vfs.SIZE);
    }

    Arena global = Arena.global();
    MemorySegment vfs = global.allocate(Layouts.Vfs.SIZE, ADDRESS.byteAlignment());
    vfs.set(JAVA_INT, Layouts.Vfs.I_VERSION, systemCalls ? 3 : 2);
    vfs.set(JAVA_INT, Layouts.Vfs.SZ_OS_FILE, Layouts.File.SIZE);
    vfs.set(JAVA_INT, Layouts.Vfs.MX_PATHNAME, MAX_PATHNAME_BYTES);
    vfs.set(ADDRESS, Layouts.Vfs.Z_NAME, global.allocateFrom(name));
    vfs.set(ADDRESS, Layouts.Vfs.X_OPEN, VfsUpcalls.Stubs.X_OPEN);
    vfs.set(ADDRESS, Layouts.Vfs.X_DELETE, VfsUpcalls.Stubs.X_DELETE);
    vfs.set(ADDRESS, Layouts.Vfs.X_ACCESS, VfsUpcalls.Stubs.X_ACCESS);
    vfs.set(ADDRESS, Layouts.Vfs.X_FULL_PATHNAME, VfsUpcalls.Stubs.X_FULL_PATHNAME);
    // os_unix's dynamic-loading and system-call methods ignore their sqlite3_vfs argument, so
    // copying the pointers
    // delegates to the previous default exactly.
    for (long offset :
        new long[] {
          Layouts.Vfs.X_DL_OPEN,
          Layouts.Vfs.X_DL_ERROR,
          Layouts.Vfs.X_DL_SYM,
          Layouts.Vfs.X_DL_CLOSE
        }) {
      vfs.set(ADDRESS, offset, previous.get(ADDRESS, offset));
    }
    vfs.set(ADDRESS, Layouts.Vfs.X_RANDOMNESS, VfsUpcalls.Stubs.X_RANDOMNESS);
    vfs.set(ADDRESS, Layouts.Vfs.X_SLEEP, VfsUpcalls.Stubs.X_SLEEP);
    vfs.set(ADDRESS, Layouts.Vfs.X_CURRENT_TIME, VfsUpcalls.Stubs.X_CURRENT_TIME);
    vfs.set(ADDRESS, Layouts.Vfs.X_GET_LAST_ERROR, VfsUpcalls.Stubs.X_GET_LAST_ERROR);
    vfs.set(ADDRESS, Layouts.Vfs.X_CURRENT_TIME_INT64, VfsUpcalls.Stubs.X_CURRENT_TIME_INT64);
    if (systemCalls) {
      for (long offset :
          new long[] {
            Layouts.Vfs.X_SET_SYSTEM_CALL,
            Layouts.Vfs.X_GET_SYSTEM_CALL,
            Layouts.Vfs.X_NEXT_SYSTEM_CALL
          }) {
        vfs.set(ADDRESS, offset, previous.get(ADDRESS, offset));
      }
    }
    return vfs;
  }

  private void check(int rc, String function) {
    if (rc != SQLITE_OK) {
      throw new SqliteCallException(function, rc, api.errstr(rc));
    }
  }
}
