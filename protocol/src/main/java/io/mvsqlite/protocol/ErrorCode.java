package io.mvsqlite.protocol;

import static io.mvsqlite.protocol.SqliteCodes.*;

/**
 * Every failure mvSQLite reports, in one place. Each code knows its HTTP status (what the server
 * answers; the reference client retries 5xx forever and treats 4xx as final, so permanent failures
 * are 4xx), its SQLite result code (what the VFS returns), its SQLSTATE (what the JDBC driver puts
 * in {@code SQLException}) and whether retrying the same request can succeed.
 *
 * <p>The server also sends the code's name in the {@code x-mvsqlite-error} response header, so
 * mvSQLite clients map a response back to the exact code.
 */
public enum ErrorCode {
  // --- Malformed requests: final, 4xx, nothing changed. ---
  MALFORMED_REQUEST(400, SQLITE_IOERR, "08P01", false),
  MISSING_NAMESPACE_KEY(400, SQLITE_IOERR, "08P01", false),
  INVALID_NAMESPACE_KEY(400, SQLITE_CANTOPEN, "3D000", false),
  BAD_VERSION(400, SQLITE_IOERR, "22023", false),
  INVALID_HASH(400, SQLITE_IOERR, "08P01", false),
  INVALID_IDEMPOTENCY_KEY(400, SQLITE_IOERR, "08P01", false),
  INVALID_OWNER(400, SQLITE_ERROR, "22023", false),
  NAMESPACE_NOT_DISTINCT(400, SQLITE_ERROR, "22023", false),
  UNAUTHORIZED(401, SQLITE_PERM, "28000", false),
  READ_ONLY(403, SQLITE_READONLY, "25006", false),
  TRUNCATION_REFUSED(403, SQLITE_ERROR, "55000", false),
  NOT_FOUND(404, SQLITE_ERROR, "42000", false),
  NAMESPACE_NOT_FOUND(404, SQLITE_CANTOPEN, "3D000", false),
  METHOD_NOT_ALLOWED(405, SQLITE_ERROR, "42000", false),
  LENGTH_REQUIRED(411, SQLITE_IOERR, "08P01", false),
  NUM_NAMESPACES_OUT_OF_BOUND(412, SQLITE_ERROR, "54000", false),
  FRAME_TOO_LARGE(413, SQLITE_TOOBIG, "54000", false),
  BODY_TOO_LARGE(413, SQLITE_TOOBIG, "54000", false),
  TOO_MANY_PAGES(413, SQLITE_TOOBIG, "54000", false),
  TOO_MANY_READS(413, SQLITE_TOOBIG, "54000", false),
  TOO_MANY_WRITES(413, SQLITE_TOOBIG, "54000", false),
  TOO_MANY_FAST_WRITES(413, SQLITE_TOOBIG, "54000", false),
  PAGE_TOO_LARGE(413, SQLITE_TOOBIG, "54000", false),

  // --- Logical outcomes. ---
  /** Another transaction committed a page (or, without a read set, anything) this one read. */
  CONFLICT(409, SQLITE_BUSY, "40001", false),
  /** A commit group conflicted: nothing of the group committed. */
  GROUP_CONFLICT(409, SQLITE_BUSY_SNAPSHOT, "40001", false),
  NAMESPACE_LOCKED(409, SQLITE_BUSY, "55P03", false),
  LOCK_VERSION_INVALID(409, SQLITE_ERROR, "22023", false),
  ROLLBACK_IN_PROGRESS(409, SQLITE_BUSY, "55P03", false),
  NAMESPACE_HAS_CHILDREN(409, SQLITE_ERROR, "2BP01", false),
  BASE_TRUNCATED(409, SQLITE_ERROR, "22023", false),
  BASE_LOCKED(409, SQLITE_BUSY, "55P03", false),
  /** A referenced page hash was never uploaded, or was collected. */
  BAD_PAGE_REFERENCE(410, SQLITE_IOERR_WRITE, "58030", false),
  /** The requested version is below the namespace's truncation watermark. */
  VERSION_TRUNCATED(410, SQLITE_IOERR_READ, "22023", false),
  /** A namespace lock this client claimed is no longer held by it (or is rolling back). */
  LOCK_GONE(410, SQLITE_IOERR_LOCK, "55P03", false),
  NAMESPACE_EXISTS(422, SQLITE_ERROR, "42710", false),
  LOCK_NOT_HELD(422, SQLITE_ERROR, "55000", false),

  // --- Server-side failures. ---
  /**
   * Stored data is inconsistent (e.g. a page index entry whose content is missing). Not retried.
   */
  DATA_CORRUPT(500, SQLITE_CORRUPT, "XX001", false),
  /** A bug: an unexpected exception. Not retried. */
  INTERNAL(500, SQLITE_IOERR, "XX000", false),
  /**
   * A transient storage failure (KV conflict, too-old read version, backend unavailable). Retry.
   */
  TRANSIENT(500, SQLITE_IOERR, "08006", true),
  /** The server's read version is behind the requested version (another server is ahead). Retry. */
  CAUSAL_READ_FAULT(500, SQLITE_IOERR, "08006", true),
  /** The storage backend could not be reached or failed permanently. */
  BACKEND_UNAVAILABLE(503, SQLITE_IOERR, "08006", true),

  // --- Client-side conditions (never sent by the server). ---
  /** Retries of a transient failure ran past the configured deadline. */
  DEADLINE_EXCEEDED(504, SQLITE_IOERR, "08006", false),
  /** The client is misconfigured (no data plane, bad URL, bad option). */
  CLIENT_CONFIG(400, SQLITE_CANTOPEN, "08001", false),
  /** The transport failed (connection refused, reset) — retryable until the deadline. */
  NETWORK(503, SQLITE_IOERR, "08006", true);

  private final int httpStatus;
  private final int sqliteCode;
  private final String sqlState;
  private final boolean retryable;

  ErrorCode(int httpStatus, int sqliteCode, String sqlState, boolean retryable) {
    this.httpStatus = httpStatus;
    this.sqliteCode = sqliteCode;
    this.sqlState = sqlState;
    this.retryable = retryable;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The SQLite result code (possibly extended) the VFS reports for this failure. */
  public int sqliteCode() {
    return sqliteCode;
  }

  /** The SQLSTATE the JDBC driver reports. */
  public String sqlState() {
    return sqlState;
  }

  /** True if sending the same request again can succeed. */
  public boolean isRetryable() {
    return retryable;
  }

  /** The code named by an {@code x-mvsqlite-error} header, or {@code null} if unknown. */
  public static ErrorCode fromHeader(String name) {
    if (name == null) {
      return null;
    }
    try {
      return valueOf(name.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The code for a bare HTTP status from a server that sent no {@code x-mvsqlite-error} header
   * (e.g. the reference server): 5xx are transient, 409 a conflict, 410 gone, other 4xx final.
   */
  public static ErrorCode fromHttpStatus(int status) {
    return switch (status) {
      case 400 -> MALFORMED_REQUEST;
      case 403 -> READ_ONLY;
      case 404 -> NAMESPACE_NOT_FOUND;
      case 409 -> CONFLICT;
      case 410 -> BAD_PAGE_REFERENCE;
      case 412 -> NUM_NAMESPACES_OUT_OF_BOUND;
      case 413 -> TOO_MANY_PAGES;
      case 422 -> LOCK_NOT_HELD;
      default -> status >= 500 ? TRANSIENT : MALFORMED_REQUEST;
    };
  }
}
