package io.mvsqlite.client.jdbc;

import static io.mvsqlite.protocol.SqliteCodes.SQLITE_BUSY;
import static io.mvsqlite.protocol.SqliteCodes.primary;

import io.mvsqlite.client.AutocommitRetry;
import io.mvsqlite.client.sqlite.DbHandle;
import io.mvsqlite.client.sqlite.VfsRegistration;
import io.mvsqlite.client.sqlite.VfsRegistration.VfsError;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetProvider;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * What every wrapper of one driver connection shares: the sqlite-jdbc connection and its {@code
 * sqlite3*}, the VFS registration whose per-thread last error explains SQLite's generic failures,
 * the retry policy, and the connection proxy itself. It runs every call that reaches SQLite ({@link
 * #execute}): re-running an autocommit statement after a commit conflict when allowed, translating
 * failures ({@link SqlExceptions}) otherwise; and it wraps the JDBC objects calls return ({@link
 * #wrap}).
 *
 * <p>Like a JDBC connection, meant for one thread at a time (sqlite-jdbc serializes concurrent
 * calls; the retry decision reads the connection's transaction state just before and after a call).
 */
final class Session {

  /** A call into sqlite-jdbc. */
  @FunctionalInterface
  interface SqlCall<T> {
    T call() throws SQLException;
  }

  private final Connection raw;
  private final DbHandle db;
  private final VfsRegistration registration;
  private final AutocommitRetry retry;
  private final AtomicLong conflictRetries = new AtomicLong();
  private final Connection proxy;

  Session(Connection raw, DbHandle db, VfsRegistration registration, AutocommitRetry retry) {
    this.raw = raw;
    this.db = db;
    this.registration = registration;
    this.retry = retry;
    this.proxy =
        (Connection)
            Proxy.newProxyInstance(
                Session.class.getClassLoader(),
                new Class<?>[] {MvSqliteConnection.class},
                new ConnectionHandler(raw, this));
  }

  /** The driver's connection (a proxy over sqlite-jdbc's). */
  Connection connection() {
    return proxy;
  }

  long conflictRetries() {
    return conflictRetries.get();
  }

  /**
   * Runs {@code call}. If {@code retryable}, SQLite was in autocommit mode before the call, and the
   * call failed because mvSQLite's commit conflicted (a fresh {@code SQLITE_BUSY} from the VFS;
   * SQLite has then rolled the statement back), it runs the call again after the policy's backoff,
   * up to the policy's limit. {@code call} may therefore run more than once; it must be one
   * statement whose re-run has the same effect as a first run.
   *
   * @throws SQLException the last failure, translated
   */
  <T> T execute(boolean retryable, SqlCall<T> call) throws SQLException {
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      boolean autocommit = retryable && autocommit();
      VfsError before = lastVfsError();
      try {
        return call.call();
      } catch (SQLException e) {
        VfsError fresh = freshSince(before);
        boolean conflict =
            primary(SqlExceptions.resultCode(e)) == SQLITE_BUSY
                && fresh != null
                && primary(fresh.resultCode()) == SQLITE_BUSY;
        String note = null;
        if (conflict && autocommit) {
          if (attempt <= retry.maxRetries() && autocommit()) {
            conflictRetries.incrementAndGet();
            if (pause(Duration.ofNanos(retry.delayNanos(attempt, ThreadLocalRandom.current())))) {
              continue;
            }
            note = "interrupted while waiting to retry";
          } else {
            note =
                "the driver ran the statement "
                    + attempt
                    + " times in "
                    + Duration.ofNanos(System.nanoTime() - started).toMillis()
                    + " ms; "
                    + RetryOption.KEY
                    + "="
                    + retry.maxRetries();
          }
        }
        throw SqlExceptions.translate(e, fresh, note);
      }
    }
  }

  /**
   * The rows of {@code rs}, read to the end now if it comes from a statement that wrote in
   * autocommit mode ({@code INSERT … RETURNING}): such a statement commits only when its last row
   * has been read, so reading them here makes a conflict surface inside the call that {@link
   * #execute} can retry, before any row was handed out. Other result sets are returned as they are.
   */
  ResultSet settle(ResultSet rs) throws SQLException {
    if (rs == null || raw.isClosed() || !db.autocommit() || !db.writeTransactionOpen()) {
      return rs;
    }
    try (ResultSet live = rs) {
      CachedRowSet rows = RowSetProvider.newFactory().createCachedRowSet();
      rows.populate(live);
      return rows;
    }
  }

  /**
   * Fails if the transaction the application is in was ended by SQLite itself: with auto-commit
   * off, sqlite-jdbc keeps a transaction open, but SQLite rolls it back on some errors (an I/O
   * error, a failed {@code COMMIT}). Without this check the next statements would each commit on
   * their own, and a later {@code commit()} would fail after some of them had committed. Only
   * {@code rollback()} leaves this state ({@link #restartTransaction}).
   *
   * @throws SQLException SQLSTATE 40000 ({@link java.sql.SQLTransactionRollbackException})
   */
  void requireTransactionIntact() throws SQLException {
    if (transactionLost()) {
      throw SqlExceptions.transactionLost();
    }
  }

  /**
   * True if auto-commit is off but SQLite has no transaction open (it rolled back the
   * application's).
   */
  boolean transactionLost() throws SQLException {
    return !raw.isClosed() && !raw.getAutoCommit() && db.autocommit();
  }

  /**
   * {@code rollback()} when SQLite has already rolled the transaction back: nothing is left to
   * undo, so it only begins the next transaction, as sqlite-jdbc's {@code rollback()} does after
   * its own {@code ROLLBACK}.
   */
  void restartTransaction() throws SQLException {
    SQLiteConfig.TransactionMode mode =
        raw.unwrap(SQLiteConnection.class).getConnectionConfig().getTransactionMode();
    try (Statement s = raw.createStatement()) {
      s.execute("BEGIN " + (mode == null ? SQLiteConfig.TransactionMode.DEFERRED : mode).name());
    }
  }

  /** True if SQLite has no open transaction; false if it has one or the connection is closed. */
  private boolean autocommit() {
    try {
      return !raw.isClosed() && db.autocommit();
    } catch (SQLException e) {
      return false;
    }
  }

  private VfsError lastVfsError() {
    return registration.lastError().orElse(null);
  }

  /** The VFS failure recorded on this thread since {@code before} was read, or {@code null}. */
  VfsError freshSince(VfsError before) {
    VfsError now = lastVfsError();
    return now != before ? now : null;
  }

  private static boolean pause(Duration delay) {
    try {
      Thread.sleep(delay);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The object a wrapped call returns: statements, result sets and metadata become wrappers of this
   * session, a connection is this session's proxy; anything else is returned as it is.
   *
   * @param declared the return type of the called method
   * @param parent the wrapper whose method returned {@code result}
   */
  Object wrap(Object result, Class<?> declared, Object parent) {
    if (result == null) {
      return null;
    }
    if (declared == Connection.class) {
      return proxy;
    }
    if (Statement.class.isAssignableFrom(declared) && result instanceof Statement statement) {
      return statement(statement);
    }
    if (declared == ResultSet.class && result instanceof ResultSet rs) {
      Statement owner =
          parent instanceof Statement s && Proxy.isProxyClass(s.getClass()) ? s : null;
      return proxyOf(ResultSet.class, new PassThroughHandler(rs, this, owner));
    }
    if (declared == DatabaseMetaData.class) {
      return proxyOf(DatabaseMetaData.class, new PassThroughHandler(result, this, null));
    }
    return result;
  }

  /** A wrapper of {@code statement}, of its most specific statement interface. */
  Statement statement(Statement statement) {
    Class<?> type =
        statement instanceof CallableStatement
            ? CallableStatement.class
            : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    return (Statement) proxyOf(type, new StatementHandler(statement, this));
  }

  private static Object proxyOf(Class<?> type, ForwardingHandler handler) {
    return Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
