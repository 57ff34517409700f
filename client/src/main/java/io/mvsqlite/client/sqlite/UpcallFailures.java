package io.mvsqlite.client.sqlite;

import static io.mvsqlite.protocol.SqliteCodes.SQLITE_CANTOPEN;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_NOMEM;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_NOMEM;

import io.mvsqlite.client.vfs.VfsException;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.SqliteCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever a VFS upcall threw into the result code SQLite gets. This is the one place where
 * VFS failures cross into SQLite (STYLE.md rule 14); an exception must never leave an upcall, as
 * the JVM would then exit.
 *
 * <ul>
 *   <li>{@link VfsException}: its own code;
 *   <li>{@link MvException}: its {@code ErrorCode}'s SQLite code, except a bare {@code
 *       SQLITE_IOERR}, which becomes the method's {@code SQLITE_IOERR_*} subcode;
 *   <li>{@link OutOfMemoryError}: {@code SQLITE_IOERR_NOMEM} ({@code SQLITE_NOMEM} for xOpen);
 *   <li>anything else (a bug): the method's default code, logged with its stack trace.
 * </ul>
 *
 * The message (and the {@code ErrorCode} of an {@link MvException} behind the failure) is kept on
 * the registration for {@code xGetLastError} and for the JDBC driver. {@code SQLITE_CANTOPEN} and
 * {@code SQLITE_IOERR*} failures (an unknown namespace, an unreachable server, a failed commit) are
 * also logged as warnings with their reason, as SQLite's own text never carries it; conflicts
 * ({@code SQLITE_BUSY}) and the like only at debug level.
 */
final class UpcallFailures {

  private static final Logger LOG = LoggerFactory.getLogger(UpcallFailures.class);

  private UpcallFailures() {}

  /**
   * @param methodDefault the code for an unexpected failure of this method, e.g. {@code
   *     SQLITE_IOERR_READ}
   * @param registration the VFS the call belongs to, or {@code null} if it could not be found
   * @return the code the upcall returns; never throws
   */
  static int report(
      Throwable failure, int methodDefault, String method, VfsRegistration registration) {
    int code;
    String message;
    ErrorCode errorCode = null;
    boolean unexpected = false;
    switch (failure) {
      case VfsException e -> {
        code = e.sqliteResultCode();
        message = e.getMessage();
        errorCode = mvCause(e);
      }
      case MvException e -> {
        int mapped = e.code().sqliteCode();
        code =
            mapped == SQLITE_IOERR && SqliteCodes.primary(methodDefault) == SQLITE_IOERR
                ? methodDefault
                : mapped;
        message = e.code() + ": " + e.getMessage();
        errorCode = e.code();
      }
      case OutOfMemoryError e -> {
        code =
            SqliteCodes.primary(methodDefault) == SQLITE_IOERR ? SQLITE_IOERR_NOMEM : SQLITE_NOMEM;
        message = "out of Java heap";
      }
      default -> {
        code = methodDefault;
        message = failure.getClass().getName() + ": " + failure.getMessage();
        unexpected = true;
      }
    }
    try {
      if (registration != null) {
        registration.recordError(code, message, errorCode);
      }
      String vfsName = registration == null ? "?" : registration.name();
      if (unexpected) {
        LOG.error(
            "VFS {} {} failed unexpectedly; SQLite gets result code {}",
            vfsName,
            method,
            code,
            failure);
      } else if (SqliteCodes.primary(code) == SQLITE_CANTOPEN
          || SqliteCodes.primary(code) == SQLITE_IOERR) {
        // SQLite turns these into "unable to open database file" / "disk I/O error" and never asks
        // a VFS for a
        // message (it calls xGetLastError only for sqlite3_system_errno), so hosts other than the
        // JDBC driver, such as
        // the agent and the LD_PRELOAD shim, show the reason (unknown namespace, unreachable
        // server) only here.
        LOG.warn("VFS {} {} failed with result code {}: {}", vfsName, method, code, message);
      } else if (LOG.isDebugEnabled()) {
        LOG.debug("VFS {} {} failed with result code {}: {}", vfsName, method, code, message);
      }
    } catch (Throwable ignored) {
      // Logging must not turn a reported failure into an escaping exception.
    }
    return code;
  }

  /** The code of the {@link MvException} behind a VFS failure, if there is one. */
  private static ErrorCode mvCause(Throwable failure) {
    Throwable t = failure.getCause();
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof MvException mv) {
        return mv.code();
      }
    }
    return null;
  }
}
