package io.mvsqlite.client.sqlite;

import static io.mvsqlite.protocol.SqliteCodes.SQLITE_CANTOPEN;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_CANTOPEN_FULLPATH;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_ACCESS;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_DELETE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OK;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_CREATE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_MAIN_DB;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_READONLY;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_READWRITE;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.mvsqlite.client.sqlite.OpenFiles.OpenFile;
import io.mvsqlite.client.vfs.VfsException;
import io.mvsqlite.client.vfs.VirtualFile;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@code sqlite3_vfs} methods as upcalls: static methods that find the {@link VfsRegistration}
 * by the address of the {@code sqlite3_vfs} SQLite passes in, call its {@link
 * io.mvsqlite.client.vfs.VirtualFileSystem}, and translate the answer back. One set of stubs serves
 * every registered VFS in every loaded SQLite copy.
 *
 * <p>Every method catches {@link Throwable}: an exception escaping an upcall makes the JVM exit.
 * Failures go through {@link UpcallFailures}.
 */
@SuppressWarnings("restricted") // FFM is this package's purpose; native access is checked up front
final class VfsUpcalls {

  /** Julian day number of the Unix epoch, in milliseconds (2440587.5 days). */
  static final long UNIX_EPOCH_JULIAN_MILLIS = 210_866_760_000_000L;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  /**
   * A bound on the URI parameters read from one name (SQLite itself has none; this guards a corrupt
   * name).
   */
  private static final int MAX_URI_PARAMETERS = 1024;

  /**
   * Registrations by {@code sqlite3_vfs} address. Entries stay: unregistered structs remain in use
   * by connections.
   */
  private static final ConcurrentMap<Long, VfsRegistration> BY_STRUCT = new ConcurrentHashMap<>();

  private VfsUpcalls() {}

  /** The upcall stubs, created on first use, alive for the process. */
  static final class Stubs {
    static final MemorySegment X_OPEN =
        stub(
            "xOpen", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    static final MemorySegment X_DELETE =
        stub("xDelete", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    static final MemorySegment X_ACCESS =
        stub("xAccess", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    static final MemorySegment X_FULL_PATHNAME =
        stub("xFullPathname", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    static final MemorySegment X_RANDOMNESS =
        stub("xRandomness", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    static final MemorySegment X_SLEEP =
        stub("xSleep", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MemorySegment X_CURRENT_TIME =
        stub("xCurrentTime", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MemorySegment X_GET_LAST_ERROR =
        stub("xGetLastError", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    static final MemorySegment X_CURRENT_TIME_INT64 =
        stub("xCurrentTimeInt64", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    private Stubs() {}

    private static MemorySegment stub(String name, FunctionDescriptor descriptor) {
      return NativeAccess.upcall(MethodHandles.lookup().in(VfsUpcalls.class), name, descriptor);
    }
  }

  /**
   * Routes upcalls for {@code registration}'s struct to it. Call before SQLite can see the struct.
   */
  static void bind(VfsRegistration registration) {
    BY_STRUCT.put(registration.vfs().address(), registration);
  }

  static void unbind(VfsRegistration registration) {
    BY_STRUCT.remove(registration.vfs().address(), registration);
  }

  private static VfsRegistration registration(MemorySegment vfs) {
    VfsRegistration registration = BY_STRUCT.get(vfs.address());
    if (registration == null) {
      throw new IllegalStateException("upcall for an unknown sqlite3_vfs");
    }
    return registration;
  }

  private static VfsRegistration registrationOrNull(MemorySegment vfs) {
    return BY_STRUCT.get(vfs.address());
  }

  static int xOpen(
      MemorySegment vfs,
      MemorySegment zName,
      MemorySegment file,
      int flags,
      MemorySegment pOutFlags) {
    VfsRegistration registration = null;
    try {
      MemorySegment sqliteFile = file.reinterpret(Layouts.File.SIZE);
      // SQLite calls xClose only if pMethods is set, so it stays NULL until the open has fully
      // succeeded.
      sqliteFile.set(ADDRESS, Layouts.File.P_METHODS, MemorySegment.NULL);
      registration = registration(vfs);
      String name = NativeAccess.readCString(zName);
      Map<String, String> parameters =
          name != null && (flags & SQLITE_OPEN_MAIN_DB) != 0
              ? uriParameters(registration.api(), zName)
              : Map.of();
      VirtualFile opened = registration.fileSystem().open(name, flags, parameters);
      if (opened == null) {
        throw new VfsException(SQLITE_CANTOPEN, "the file system returned no file");
      }
      if (pOutFlags.address() != 0) {
        int outFlags =
            opened.isReadOnly()
                ? (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY
                : flags;
        pOutFlags.reinterpret(JAVA_INT.byteSize()).set(JAVA_INT, 0, outFlags);
      }
      long id = OpenFiles.add(new OpenFile(opened, registration, name, flags));
      sqliteFile.set(JAVA_LONG, Layouts.File.HANDLE_ID, id);
      sqliteFile.set(ADDRESS, Layouts.File.P_METHODS, IoUpcalls.methods());
      return SQLITE_OK;
    } catch (Throwable t) {
      return UpcallFailures.report(t, SQLITE_CANTOPEN, "xOpen", registration);
    }
  }

  /** The URI parameters SQLite keeps after a main database name it passes to xOpen, in order. */
  private static Map<String, String> uriParameters(SqliteApi api, MemorySegment zName) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < MAX_URI_PARAMETERS; i++) {
      String key = api.uriKey(zName, i);
      if (key == null) {
        break;
      }
      String value = api.uriParameter(zName, key);
      parameters.putIfAbsent(key, value == null ? "" : value);
    }
    return Collections.unmodifiableMap(parameters);
  }

  static int xDelete(MemorySegment vfs, MemorySegment zName, int syncDir) {
    VfsRegistration registration = null;
    try {
      registration = registration(vfs);
      registration.fileSystem().delete(NativeAccess.readCString(zName), syncDir != 0);
      return SQLITE_OK;
    } catch (Throwable t) {
      return UpcallFailures.report(t, SQLITE_IOERR_DELETE, "xDelete", registration);
    }
  }

  static int xAccess(MemorySegment vfs, MemorySegment zName, int flags, MemorySegment pResOut) {
    VfsRegistration registration = null;
    try {
      MemorySegment result = pResOut.reinterpret(JAVA_INT.byteSize());
      result.set(JAVA_INT, 0, 0);
      registration = registration(vfs);
      boolean answer = registration.fileSystem().access(NativeAccess.readCString(zName), flags);
      result.set(JAVA_INT, 0, answer ? 1 : 0);
      return SQLITE_OK;
    } catch (Throwable t) {
      return UpcallFailures.report(t, SQLITE_IOERR_ACCESS, "xAccess", registration);
    }
  }

  static int xFullPathname(MemorySegment vfs, MemorySegment zName, int nOut, MemorySegment zOut) {
    VfsRegistration registration = null;
    try {
      registration = registration(vfs);
      String full = registration.fileSystem().fullPathname(NativeAccess.readCString(zName));
      if (full == null || !NativeAccess.writeCString(full, zOut, nOut)) {
        throw new VfsException(
            SQLITE_CANTOPEN_FULLPATH, "full path name missing or longer than " + (nOut - 1));
      }
      return SQLITE_OK;
    } catch (Throwable t) {
      return UpcallFailures.report(t, SQLITE_CANTOPEN_FULLPATH, "xFullPathname", registration);
    }
  }

  static int xRandomness(MemorySegment vfs, int nByte, MemorySegment zOut) {
    try {
      ByteBuffer buffer = zOut.reinterpret(nByte).asByteBuffer();
      registration(vfs).fileSystem().randomness(buffer);
      return nByte - buffer.remaining();
    } catch (Throwable t) {
      UpcallFailures.report(t, SQLITE_OK, "xRandomness", registrationOrNull(vfs));
      return 0;
    }
  }

  static int xSleep(MemorySegment vfs, int micros) {
    try {
      return registration(vfs).fileSystem().sleepMicros(micros);
    } catch (Throwable t) {
      UpcallFailures.report(t, SQLITE_OK, "xSleep", registrationOrNull(vfs));
      return 0;
    }
  }

  static int xCurrentTime(MemorySegment vfs, MemorySegment pJulianDays) {
    try {
      long millis = registration(vfs).fileSystem().currentTimeMillis() + UNIX_EPOCH_JULIAN_MILLIS;
      pJulianDays
          .reinterpret(JAVA_DOUBLE.byteSize())
          .set(JAVA_DOUBLE, 0, millis / (double) MILLIS_PER_DAY);
      return SQLITE_OK;
    } catch (Throwable t) {
      UpcallFailures.report(t, SQLITE_OK, "xCurrentTime", registrationOrNull(vfs));
      return 1;
    }
  }

  static int xCurrentTimeInt64(MemorySegment vfs, MemorySegment pJulianMillis) {
    try {
      long millis = registration(vfs).fileSystem().currentTimeMillis() + UNIX_EPOCH_JULIAN_MILLIS;
      pJulianMillis.reinterpret(JAVA_LONG.byteSize()).set(JAVA_LONG, 0, millis);
      return SQLITE_OK;
    } catch (Throwable t) {
      UpcallFailures.report(t, SQLITE_OK, "xCurrentTimeInt64", registrationOrNull(vfs));
      return 1;
    }
  }

  /** Writes the calling thread's last failure message and returns its result code (0 if none). */
  static int xGetLastError(MemorySegment vfs, int nBuf, MemorySegment zBuf) {
    try {
      VfsRegistration registration = registration(vfs);
      var error = registration.lastError();
      NativeAccess.writeTruncatedCString(
          error.map(VfsRegistration.VfsError::message).orElse(""), zBuf, nBuf);
      return error.map(VfsRegistration.VfsError::resultCode).orElse(0);
    } catch (Throwable t) {
      return 0;
    }
  }
}
