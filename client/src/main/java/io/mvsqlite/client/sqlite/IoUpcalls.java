package io.mvsqlite.client.sqlite;

import static io.mvsqlite.protocol.SqliteCodes.SQLITE_ERROR;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_CHUNK_SIZE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_CKPT_DONE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_CKPT_START;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_COMMIT_PHASETWO;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_PRAGMA;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_SIZE_HINT;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_SYNC;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_VFSNAME;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_CHECKRESERVEDLOCK;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_CLOSE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_FSTAT;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_FSYNC;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_LOCK;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_READ;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_TRUNCATE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_UNLOCK;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_WRITE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_NOMEM;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_NOTFOUND;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OK;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.mvsqlite.client.sqlite.OpenFiles.OpenFile;
import io.mvsqlite.client.vfs.PragmaAnswer;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;

/**
 * The {@code sqlite3_io_methods} of every file a Java VFS opens, as upcalls, and the one native
 * struct that holds them. iVersion 1: there is no {@code xShm*} (so SQLite refuses WAL, silently
 * keeping the rollback journal) and no {@code xFetch} (no memory-mapped I/O).
 *
 * <p>Each method reads the handle id from the {@code sqlite3_file}, finds the {@link OpenFile}, and
 * calls its {@link io.mvsqlite.client.vfs.VirtualFile}. Page buffers are passed as {@link
 * java.nio.ByteBuffer}s over SQLite's memory, so data is copied once. Every method catches {@link
 * Throwable}; failures go through {@link UpcallFailures}.
 */
@SuppressWarnings("restricted") // FFM is this package's purpose; native access is checked up front
final class IoUpcalls {

  private IoUpcalls() {}

  /** The struct and its stubs, created on first use, alive for the process. */
  private static final class Methods {
    static final MemorySegment STRUCT = build();

    private static MemorySegment build() {
      MethodHandles.Lookup lookup = MethodHandles.lookup().in(IoUpcalls.class);
      MemorySegment methods =
          Arena.global().allocate(Layouts.IoMethods.SIZE, ADDRESS.byteAlignment());
      methods.set(JAVA_INT, Layouts.IoMethods.I_VERSION, 1);
      set(
          methods,
          lookup,
          Layouts.IoMethods.X_CLOSE,
          "xClose",
          FunctionDescriptor.of(JAVA_INT, ADDRESS));
      set(
          methods,
          lookup,
          Layouts.IoMethods.X_READ,
          "xRead",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG));
      set(
          methods,
          lookup,
          Layouts.IoMethods.X_WRITE,
          "xWrite",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG));
      set(
          methods,
          lookup,
          Layouts.IoMethods.X_TRUNCATE,
          "xTruncate",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
      set(
          methods,
          lookup,
          Layouts.IoMethods.X_SYNC,
          "xSync",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
      set(
          methods,
          lookup,
          Layouts.IoMethods.X_FILE_SIZE,
          "xFileSize",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
      set(
          methods,
          lookup,
          Layouts.IoMethods.X_LOCK,
          "xLock",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
      set(
          methods,
          lookup,
          Layouts.IoMethods.X_UNLOCK,
          "xUnlock",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
      set(
          methods,
          lookup,
          Layouts.IoMethods.X_CHECK_RESERVED_LOCK,
          "xCheckReservedLock",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
      set(
          methods,
          lookup,
          Layouts.IoMethods.X_FILE_CONTROL,
          "xFileControl",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
      set(
          methods,
          lookup,
          Layouts.IoMethods.X_SECTOR_SIZE,
          "xSectorSize",
          FunctionDescriptor.of(JAVA_INT, ADDRESS));
      set(
          methods,
          lookup,
          Layouts.IoMethods.X_DEVICE_CHARACTERISTICS,
          "xDeviceCharacteristics",
          FunctionDescriptor.of(JAVA_INT, ADDRESS));
      return methods;
    }

    private static void set(
        MemorySegment struct,
        MethodHandles.Lookup lookup,
        long offset,
        String name,
        FunctionDescriptor descriptor) {
      struct.set(ADDRESS, offset, NativeAccess.upcall(lookup, name, descriptor));
    }
  }

  /**
   * The shared {@code sqlite3_io_methods}; a {@code sqlite3_file} whose pMethods is this belongs to
   * a Java VFS.
   */
  static MemorySegment methods() {
    return Methods.STRUCT;
  }

  /** The open file behind a {@code sqlite3_file} of ours. */
  private static OpenFile fileOf(MemorySegment sqliteFile) {
    long id = sqliteFile.reinterpret(Layouts.File.SIZE).get(JAVA_LONG, Layouts.File.HANDLE_ID);
    OpenFile file = OpenFiles.get(id);
    if (file == null) {
      throw new IllegalStateException("upcall for an unknown or closed file handle");
    }
    return file;
  }

  /**
   * The open file behind a {@code sqlite3_file}, or {@code null}; used only to attribute a failure.
   */
  private static OpenFile fileOrNull(MemorySegment sqliteFile) {
    try {
      return OpenFiles.get(
          sqliteFile.reinterpret(Layouts.File.SIZE).get(JAVA_LONG, Layouts.File.HANDLE_ID));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static int fail(
      Throwable failure, int methodDefault, String method, MemorySegment sqliteFile) {
    OpenFile file = fileOrNull(sqliteFile);
    return UpcallFailures.report(
        failure, methodDefault, method, file == null ? null : file.registration());
  }

  static int xClose(MemorySegment sqliteFile) {
    OpenFile file = null;
    try {
      long id = sqliteFile.reinterpret(Layouts.File.SIZE).get(JAVA_LONG, Layouts.File.HANDLE_ID);
      // Forget the handle first: SQLite discards the sqlite3_file whatever xClose returns.
      file = OpenFiles.remove(id);
      if (file == null) {
        throw new IllegalStateException("xClose of an unknown or closed file handle");
      }
      file.file().close();
      return SQLITE_OK;
    } catch (Throwable t) {
      return UpcallFailures.report(
          t, SQLITE_IOERR_CLOSE, "xClose", file == null ? null : file.registration());
    }
  }

  static int xRead(MemorySegment sqliteFile, MemorySegment buffer, int amount, long offset) {
    try {
      return fileOf(sqliteFile).file().read(buffer.reinterpret(amount).asByteBuffer(), offset);
    } catch (Throwable t) {
      return fail(t, SQLITE_IOERR_READ, "xRead", sqliteFile);
    }
  }

  static int xWrite(MemorySegment sqliteFile, MemorySegment buffer, int amount, long offset) {
    try {
      fileOf(sqliteFile).file().write(buffer.reinterpret(amount).asByteBuffer(), offset);
      return SQLITE_OK;
    } catch (Throwable t) {
      return fail(t, SQLITE_IOERR_WRITE, "xWrite", sqliteFile);
    }
  }

  static int xTruncate(MemorySegment sqliteFile, long size) {
    try {
      fileOf(sqliteFile).file().truncate(size);
      return SQLITE_OK;
    } catch (Throwable t) {
      return fail(t, SQLITE_IOERR_TRUNCATE, "xTruncate", sqliteFile);
    }
  }

  static int xSync(MemorySegment sqliteFile, int flags) {
    try {
      fileOf(sqliteFile).file().sync(flags);
      return SQLITE_OK;
    } catch (Throwable t) {
      return fail(t, SQLITE_IOERR_FSYNC, "xSync", sqliteFile);
    }
  }

  static int xFileSize(MemorySegment sqliteFile, MemorySegment pSize) {
    try {
      long size = fileOf(sqliteFile).file().fileSize();
      pSize.reinterpret(JAVA_LONG.byteSize()).set(JAVA_LONG, 0, size);
      return SQLITE_OK;
    } catch (Throwable t) {
      return fail(t, SQLITE_IOERR_FSTAT, "xFileSize", sqliteFile);
    }
  }

  static int xLock(MemorySegment sqliteFile, int level) {
    try {
      return fileOf(sqliteFile).file().lock(level);
    } catch (Throwable t) {
      return fail(t, SQLITE_IOERR_LOCK, "xLock", sqliteFile);
    }
  }

  static int xUnlock(MemorySegment sqliteFile, int level) {
    try {
      return fileOf(sqliteFile).file().unlock(level);
    } catch (Throwable t) {
      return fail(t, SQLITE_IOERR_UNLOCK, "xUnlock", sqliteFile);
    }
  }

  static int xCheckReservedLock(MemorySegment sqliteFile, MemorySegment pResOut) {
    try {
      MemorySegment result = pResOut.reinterpret(JAVA_INT.byteSize());
      result.set(JAVA_INT, 0, 0);
      result.set(JAVA_INT, 0, fileOf(sqliteFile).file().checkReservedLock() ? 1 : 0);
      return SQLITE_OK;
    } catch (Throwable t) {
      return fail(t, SQLITE_IOERR_CHECKRESERVEDLOCK, "xCheckReservedLock", sqliteFile);
    }
  }

  /**
   * Forwards the pointer-free opcodes to the file (see {@link
   * io.mvsqlite.client.vfs.VirtualFile#fileControl}) and {@code SQLITE_FCNTL_PRAGMA} to {@link
   * io.mvsqlite.client.vfs.VirtualFile#pragma}, answers {@code SQLITE_FCNTL_VFSNAME} itself and
   * everything else with {@code SQLITE_NOTFOUND}. {@code SQLITE_FCNTL_FILE_POINTER} never arrives
   * here: SQLite answers it.
   */
  static int xFileControl(MemorySegment sqliteFile, int op, MemorySegment pArg) {
    try {
      return switch (op) {
        case SQLITE_FCNTL_COMMIT_PHASETWO,
            SQLITE_FCNTL_SYNC,
            SQLITE_FCNTL_CKPT_START,
            SQLITE_FCNTL_CKPT_DONE ->
            fileOf(sqliteFile).file().fileControl(op, 0);
        case SQLITE_FCNTL_SIZE_HINT ->
            fileOf(sqliteFile)
                .file()
                .fileControl(op, pArg.reinterpret(JAVA_LONG.byteSize()).get(JAVA_LONG, 0));
        case SQLITE_FCNTL_CHUNK_SIZE ->
            fileOf(sqliteFile)
                .file()
                .fileControl(op, pArg.reinterpret(JAVA_INT.byteSize()).get(JAVA_INT, 0));
        case SQLITE_FCNTL_VFSNAME -> vfsName(fileOf(sqliteFile), pArg);
        case SQLITE_FCNTL_PRAGMA -> pragma(fileOf(sqliteFile), pArg);
        default -> SQLITE_NOTFOUND;
      };
    } catch (Throwable t) {
      return fail(t, SQLITE_IOERR, "xFileControl", sqliteFile);
    }
  }

  /**
   * {@code SQLITE_FCNTL_PRAGMA}: {@code pArg} is a {@code char*[3]}: [0] receives the result or
   * error text (a {@code sqlite3_malloc}'ed string that SQLite frees), [1] is the pragma's name,
   * [2] its argument or NULL.
   */
  private static int pragma(OpenFile file, MemorySegment pArg) throws Exception {
    if (pArg.address() == 0) {
      return SQLITE_NOTFOUND;
    }
    MemorySegment args = pArg.reinterpret(3 * ADDRESS.byteSize());
    String name = NativeAccess.readCString(args.getAtIndex(ADDRESS, 1));
    String value = NativeAccess.readCString(args.getAtIndex(ADDRESS, 2));
    if (name == null) {
      return SQLITE_NOTFOUND;
    }
    return switch (file.file().pragma(name, value)) {
      case PragmaAnswer.NotHandled n -> SQLITE_NOTFOUND;
      case PragmaAnswer.Handled h -> {
        if (h.result() != null) {
          MemorySegment text = file.registration().api().mallocString(h.result());
          if (text.address() == 0) {
            yield SQLITE_NOMEM;
          }
          args.setAtIndex(ADDRESS, 0, text);
        }
        yield SQLITE_OK;
      }
      case PragmaAnswer.Refused r -> {
        MemorySegment text = file.registration().api().mallocString(r.message());
        if (text.address() != 0) {
          args.setAtIndex(ADDRESS, 0, text);
        }
        yield SQLITE_ERROR;
      }
    };
  }

  /** Writes a {@code sqlite3_malloc}'ed copy of the VFS name to {@code *pArg}; SQLite frees it. */
  private static int vfsName(OpenFile file, MemorySegment pArg) {
    if (pArg.address() == 0) {
      return SQLITE_NOTFOUND;
    }
    VfsRegistration registration = file.registration();
    MemorySegment name = registration.api().mallocString(registration.name());
    if (name.address() == 0) {
      return SQLITE_NOMEM;
    }
    pArg.reinterpret(ADDRESS.byteSize()).set(ADDRESS, 0, name);
    return SQLITE_OK;
  }

  static int xSectorSize(MemorySegment sqliteFile) {
    try {
      return fileOf(sqliteFile).file().sectorSize();
    } catch (Throwable t) {
      fail(t, SQLITE_IOERR, "xSectorSize", sqliteFile);
      return 4096;
    }
  }

  static int xDeviceCharacteristics(MemorySegment sqliteFile) {
    try {
      return fileOf(sqliteFile).file().deviceCharacteristics();
    } catch (Throwable t) {
      fail(t, SQLITE_IOERR, "xDeviceCharacteristics", sqliteFile);
      return 0;
    }
  }
}
