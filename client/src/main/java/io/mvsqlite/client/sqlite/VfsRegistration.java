package io.mvsqlite.client.sqlite;

import io.mvsqlite.client.vfs.VirtualFileSystem;
import io.mvsqlite.protocol.ErrorCode;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * A {@link VirtualFileSystem} registered into one loaded copy of SQLite by {@link VfsRegistrar}. It
 * owns the native {@code sqlite3_vfs} struct, which lives in {@code Arena.global()}: SQLite
 * connections keep pointers to it even after {@link VfsRegistrar#unregister}, so it is never freed.
 *
 * <p>It also keeps, per thread, the last failure its VFS reported to SQLite ({@link #lastError()}),
 * which SQLite's {@code xGetLastError} reads and a JDBC layer can add to the {@code SQLException}
 * that "disk I/O error" becomes. Each failure is a new {@link VfsError} object, so a caller can
 * tell a fresh failure from an older one by identity.
 *
 * <p>Thread-safe.
 */
public final class VfsRegistration {

  /**
   * A failure the VFS reported to SQLite: the result code returned, the Java-side message and, when
   * the failure came from mvSQLite's client or store, its {@link ErrorCode} (which carries the
   * SQLSTATE a JDBC layer reports).
   *
   * @param errorCode the mvSQLite error behind the failure, or {@code null}
   */
  public record VfsError(int resultCode, String message, ErrorCode errorCode) {

    /** A failure without an mvSQLite {@link ErrorCode}. */
    public VfsError(int resultCode, String message) {
      this(resultCode, message, null);
    }
  }

  private final SqliteApi api;
  private final VirtualFileSystem fileSystem;
  private final String name;
  private final MemorySegment vfs;
  private final ThreadLocal<VfsError> lastError = new ThreadLocal<>();

  VfsRegistration(SqliteApi api, VirtualFileSystem fileSystem, String name, MemorySegment vfs) {
    this.api = api;
    this.fileSystem = fileSystem;
    this.name = name;
    this.vfs = vfs;
  }

  /** The name SQLite knows the VFS by. */
  public String name() {
    return name;
  }

  public VirtualFileSystem fileSystem() {
    return fileSystem;
  }

  /** The SQLite copy this VFS is registered in. */
  public SqliteApi api() {
    return api;
  }

  /** The last failure this VFS reported to SQLite on the calling thread, if any. */
  public Optional<VfsError> lastError() {
    return Optional.ofNullable(lastError.get());
  }

  /** The native {@code sqlite3_vfs}. */
  MemorySegment vfs() {
    return vfs;
  }

  void recordError(int resultCode, String message, ErrorCode errorCode) {
    lastError.set(new VfsError(resultCode, message, errorCode));
  }

  @Override
  public String toString() {
    return "VfsRegistration[" + name + " in " + api + "]";
  }
}
