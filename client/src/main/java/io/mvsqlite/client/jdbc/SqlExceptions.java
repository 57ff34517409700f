package io.mvsqlite.client.jdbc;

import static io.mvsqlite.protocol.SqliteCodes.*;

import io.mvsqlite.client.sqlite.VfsRegistration.VfsError;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.sql.BatchUpdateException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import org.sqlite.SQLiteException;

/**
 * The one place where failures become the {@link SQLException}s the driver throws (STYLE rule 14).
 *
 * <p>SQLite reports an mvSQLite failure with a generic text ("disk I/O error", "database is
 * locked") and sqlite-jdbc sets no SQLSTATE. The VFS keeps the real failure per thread ({@link
 * VfsError}: message and {@link ErrorCode}); when a fresh one matches the SQLite result code, the
 * translated exception carries
 *
 * <ul>
 *   <li>the SQLSTATE of the {@link ErrorCode} (a conflict without one is {@link
 *       ErrorCode#CONFLICT}, 40001);
 *   <li>the VFS's message, followed by SQLite's own text in brackets;
 *   <li>as error code the primary SQLite result code (sqlite-jdbc's convention: 5 for {@code
 *       SQLITE_BUSY});
 *   <li>sqlite-jdbc's exception as cause (its {@link SQLiteException#getResultCode()} has the
 *       extended code).
 * </ul>
 *
 * Failures SQLite raises itself (constraints, syntax, SQL function errors) keep their message and
 * get the SQLSTATE of their primary result code. The class follows the SQLSTATE class: 40 is a
 * {@link SQLTransactionRollbackException}, 23 a {@link SQLIntegrityConstraintViolationException},
 * and so on. Failures of sqlite-jdbc itself (a closed statement) pass unchanged.
 */
final class SqlExceptions {

  // Result codes that protocol's SqliteCodes has no use for.
  private static final int SQLITE_MISMATCH = 20;
  private static final int SQLITE_AUTH = 23;

  private SqlExceptions() {}

  /**
   * Translates {@code e}, a failure of sqlite-jdbc.
   *
   * @param fresh the VFS failure recorded during the failed call, or {@code null}
   * @param note appended to the message (e.g. how often the driver retried), or {@code null}
   */
  static SQLException translate(SQLException e, VfsError fresh, String note) {
    int code = resultCode(e);
    if (code <= 0 && fresh == null) {
      return e;
    }
    int primary = code > 0 ? primary(code) : primary(fresh.resultCode());
    boolean ours = fresh != null && primary(fresh.resultCode()) == primary;
    ErrorCode errorCode =
        ours ? (fresh.errorCode() != null ? fresh.errorCode() : implied(primary)) : null;
    String state = errorCode != null ? errorCode.sqlState() : sqlState(primary);
    String message = ours ? fresh.message() + " [" + e.getMessage() + "]" : e.getMessage();
    if (note != null) {
      message = message + " (" + note + ")";
    }
    if (e instanceof BatchUpdateException b) {
      return new BatchUpdateException(message, state, primary, b.getLargeUpdateCounts(), e);
    }
    return of(message, state, primary, e);
  }

  /**
   * An invalid URL or option: SQLSTATE 08001 ({@link ErrorCode#CLIENT_CONFIG}), nothing was opened.
   */
  static SQLException configuration(String message) {
    return of(message, ErrorCode.CLIENT_CONFIG.sqlState(), SQLITE_CANTOPEN, null);
  }

  /**
   * SQLite rolled the application's transaction back after an error ({@code
   * Session#requireTransactionIntact}).
   */
  static SQLException transactionLost() {
    return of(
        "this transaction was rolled back by SQLite after an earlier error (an I/O error or a failed commit"
            + " ends it): its writes are gone and nothing of it can commit; call rollback() and run it again",
        "40000",
        SQLITE_ABORT,
        null);
  }

  /** A failure of mvSQLite's own code before or outside SQLite. */
  static SQLException of(MvException e) {
    String message = e.code() + ": " + e.getMessage();
    return of(message, e.code().sqlState(), primary(e.code().sqliteCode()), e);
  }

  /**
   * The SQLite result code of a sqlite-jdbc failure: extended when known, else the vendor code (0
   * if none).
   */
  static int resultCode(SQLException e) {
    if (e instanceof SQLiteException s
        && s.getResultCode() != null
        && s.getResultCode().code >= 0) {
      return s.getResultCode().code;
    }
    return e.getErrorCode();
  }

  /** The exception class for {@code state}'s SQLSTATE class. */
  private static SQLException of(String message, String state, int vendorCode, Throwable cause) {
    String type = state == null || state.length() < 2 ? "" : state.substring(0, 2);
    return switch (type) {
      case "40" -> new SQLTransactionRollbackException(message, state, vendorCode, cause);
      case "23" -> new SQLIntegrityConstraintViolationException(message, state, vendorCode, cause);
      case "42" -> new SQLSyntaxErrorException(message, state, vendorCode, cause);
      case "22" -> new SQLDataException(message, state, vendorCode, cause);
      case "28" -> new SQLInvalidAuthorizationSpecException(message, state, vendorCode, cause);
      case "0A" -> new SQLFeatureNotSupportedException(message, state, vendorCode, cause);
      case "08" ->
          state.equals("08006")
              ? new SQLTransientConnectionException(message, state, vendorCode, cause)
              : new SQLNonTransientConnectionException(message, state, vendorCode, cause);
      default -> new SQLException(message, state, vendorCode, cause);
    };
  }

  /** The error a VFS failure without its own {@link ErrorCode} stands for. */
  private static ErrorCode implied(int primary) {
    return switch (primary) {
      case SQLITE_BUSY -> ErrorCode.CONFLICT;
      case SQLITE_READONLY -> ErrorCode.READ_ONLY;
      case SQLITE_CANTOPEN -> ErrorCode.CLIENT_CONFIG;
      default -> null;
    };
  }

  /** SQLSTATEs for SQLite's own failures, by primary result code. */
  static String sqlState(int primary) {
    return switch (primary) {
      case SQLITE_BUSY, SQLITE_LOCKED -> "40001";
      case SQLITE_CONSTRAINT -> "23000";
      case SQLITE_READONLY -> "25006";
      case SQLITE_PERM -> "42501";
      case SQLITE_AUTH -> "28000";
      case SQLITE_INTERRUPT -> "57014";
      case SQLITE_NOMEM -> "53200";
      case SQLITE_FULL -> "53100";
      case SQLITE_TOOBIG -> "54000";
      case SQLITE_IOERR -> "58030";
      case SQLITE_CORRUPT, SQLITE_NOTADB -> "XX001";
      case SQLITE_CANTOPEN -> "08001";
      case SQLITE_MISMATCH -> "42804";
      case SQLITE_RANGE -> "07009";
      case SQLITE_INTERNAL -> "XX000";
      default -> "HY000";
    };
  }
}
