package io.mvsqlite.client.vfs;

import io.mvsqlite.protocol.SqliteCodes;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A SQLite VFS written in Java: the Java side of SQLite's {@code sqlite3_vfs}. The FFM layer
 * ({@code io.mvsqlite.client.sqlite.VfsRegistrar}) registers an implementation into a native SQLite
 * under {@link #name()}; SQLite then calls it for every file of the databases that use it.
 *
 * <p><b>Threads.</b> Methods are called concurrently from any thread: every connection calls on its
 * own thread, and native host programs may call from threads the JVM did not create.
 * Implementations must be thread-safe. Calls block the calling thread; a virtual thread stays
 * pinned to its carrier while inside SQLite.
 *
 * <p><b>Errors.</b> As for {@link VirtualFile}: throw {@link VfsException} with the code SQLite
 * must see; any other exception is logged and reported with the {@code SQLITE_IOERR_*} code of the
 * method ({@code SQLITE_CANTOPEN} for {@link #open}).
 *
 * <p>The optional hooks ({@link #randomness}, {@link #sleepMicros}, {@link #currentTimeMillis})
 * have defaults that match SQLite's unix VFS closely enough for every use SQLite makes of them.
 */
public interface VirtualFileSystem {

  /**
   * The name SQLite knows this VFS by ({@code ?vfs=NAME} in a URI). At most 255 UTF-8 bytes, no
   * NUL.
   */
  String name();

  /**
   * Opens a file.
   *
   * @param nameOrNull the full path name as returned by {@link #fullPathname}, or {@code null} for
   *     a temporary file that SQLite never names (then {@code flags} contains {@code
   *     SQLITE_OPEN_DELETEONCLOSE})
   * @param flags {@code SQLITE_OPEN_*} bits: exactly one of MAIN_DB, MAIN_JOURNAL, TEMP_DB,
   *     TEMP_JOURNAL, TRANSIENT_DB, SUBJOURNAL, SUPER_JOURNAL or WAL says what the file is for
   * @throws VfsException typically {@link SqliteCodes#SQLITE_CANTOPEN}
   */
  VirtualFile open(String nameOrNull, int flags) throws VfsException;

  /**
   * Opens a file, with the URI parameters of its name ({@code file:NAME?key=value&...}). The
   * binding calls this method, passing the parameters of main database files (those opened with
   * {@code SQLITE_OPEN_MAIN_DB}, which include {@code ATTACH}ed ones) and an empty map for every
   * other file. SQLite's own parameters ({@code vfs}, {@code mode}, {@code cache}, ...) are
   * included. The default ignores the parameters.
   *
   * @param uriParameters the parameters in SQLite's order (sqlite-jdbc rebuilds URIs, so not
   *     necessarily the order the user wrote), keys as written; never null, unmodifiable
   */
  default VirtualFile open(
      String nameOrNull, int flags, java.util.Map<String, String> uriParameters)
      throws VfsException {
    return open(nameOrNull, flags);
  }

  /**
   * Answers {@code xAccess}.
   *
   * @param flags {@link SqliteCodes#SQLITE_ACCESS_EXISTS}, {@link
   *     SqliteCodes#SQLITE_ACCESS_READWRITE} or {@link SqliteCodes#SQLITE_ACCESS_READ}
   * @return whether the file exists (SQLite's unix VFS reports an empty file as absent), or is
   *     accessible
   */
  boolean access(String name, int flags) throws VfsException;

  /**
   * The canonical name SQLite uses for {@code name} in every later call. The default is {@code
   * name} itself. The result is at most 512 UTF-8 bytes.
   */
  default String fullPathname(String name) throws VfsException {
    return name;
  }

  /**
   * Deletes a file. Deleting a missing file may succeed. {@code syncDir} asks to make the deletion
   * durable.
   */
  void delete(String name, boolean syncDir) throws VfsException;

  /** Fills {@code dst} with random bytes that seed SQLite's PRNG. */
  default void randomness(ByteBuffer dst) {
    byte[] bytes = new byte[dst.remaining()];
    Randomness.SOURCE.nextBytes(bytes);
    dst.put(bytes);
  }

  /**
   * Sleeps at least {@code micros} microseconds (SQLite's busy handler waits here between lock
   * attempts).
   *
   * @return the microseconds actually requested; an interrupt ends the sleep early and stays set on
   *     the thread
   */
  default int sleepMicros(int micros) {
    try {
      Thread.sleep(Duration.ofNanos(micros * 1000L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return micros;
  }

  /** Wall-clock time in milliseconds since the Unix epoch, for {@code date('now')} and friends. */
  default long currentTimeMillis() {
    return System.currentTimeMillis();
  }
}
