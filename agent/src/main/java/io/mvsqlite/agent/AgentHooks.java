package io.mvsqlite.agent;

import io.mvsqlite.client.AutocommitRetry;
import io.mvsqlite.client.MvSqlite;
import io.mvsqlite.client.sqlite.SqliteApi;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the instrumented sqlite-jdbc calls (through {@link AgentBridge}): mvSQLite's installation
 * into each copy of SQLite, and the autocommit retry decisions.
 *
 * <p><b>Installation.</b> Each class loader that loads sqlite-jdbc has its own SQLite. The first
 * {@code _open} of a copy installs mvSQLite there as the default VFS ({@link
 * MvSqlite#installAsDefault}, which captures the copy's C API with two throw-away in-memory
 * connections). Other threads opening the same copy meanwhile wait; the installation's own opens
 * and steps pass through (a thread-local marks them). A failed installation is remembered: every
 * open of that copy then fails with the same {@code SQLException}, so a program never silently
 * writes local files instead.
 *
 * <p><b>Retry.</b> {@link #beforeStep} answers whether a {@code SQLITE_BUSY} from this step may be
 * retried, following {@link AutocommitRetry}: the connection was in autocommit mode and the
 * statement was not in the middle of an execution. {@link #beforeExec} answers the same for {@code
 * sqlite3_exec} (JDBC's {@code Statement.executeUpdate(sql)} uses it), which may be retried only
 * when its text holds a single statement. {@link #retryAfter} and {@link #retryAfterError} wait as
 * the policy says and count the retries.
 *
 * <p>Thread-safe. Steps run under their connection's monitor, so one retry state is only used by
 * one thread.
 */
final class AgentHooks {

  private static final Logger LOG = LoggerFactory.getLogger(AgentHooks.class);

  private final AutocommitRetry policy;
  private final Map<Class<?>, SqliteApi> installed = new ConcurrentHashMap<>();
  private final Map<Class<?>, String> failed = new ConcurrentHashMap<>();
  private final ClassValue<Object> installLocks =
      new ClassValue<>() {
        @Override
        protected Object computeValue(Class<?> type) {
          return new Object();
        }
      };
  private final ThreadLocal<Boolean> installing = ThreadLocal.withInitial(() -> false);

  /** The state of one step that may be retried; confined to the stepping thread. */
  static final class RetryState {
    private int retries;
  }

  AgentHooks(AutocommitRetry policy) {
    this.policy = policy;
  }

  /** The hooks, in the order and of the types of {@link AgentBridge#TYPES}. */
  MethodHandle[] handles() {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      return new MethodHandle[] {
        lookup.findVirtual(AgentHooks.class, "beforeOpen", AgentBridge.BEFORE_OPEN).bindTo(this),
        lookup.findVirtual(AgentHooks.class, "beforeStep", AgentBridge.BEFORE_STEP).bindTo(this),
        lookup.findVirtual(AgentHooks.class, "retryAfter", AgentBridge.RETRY_AFTER).bindTo(this),
        lookup.findVirtual(AgentHooks.class, "beforeExec", AgentBridge.BEFORE_EXEC).bindTo(this),
        lookup
            .findVirtual(AgentHooks.class, "retryAfterError", AgentBridge.RETRY_AFTER_ERROR)
            .bindTo(this)
      };
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("agent hooks missing", e);
    }
  }

  /**
   * Installs mvSQLite into the SQLite of {@code nativeDb}'s class on its first open.
   *
   * @throws SQLException if it cannot be installed (then the program's open fails with this
   *     exception)
   */
  void beforeOpen(Object nativeDb) throws SQLException {
    Class<?> type = nativeDb.getClass();
    if (installed.containsKey(type) || installing.get()) {
      return;
    }
    install(type);
  }

  /**
   * Installs into the copy of sqlite-jdbc whose {@code NativeDB} class is {@code type}, unless
   * already done.
   */
  void install(Class<?> type) throws SQLException {
    synchronized (installLocks.get(type)) {
      if (installed.containsKey(type)) {
        return;
      }
      String failure = failed.get(type);
      if (failure != null) {
        throw new SQLException(failure, "08001");
      }
      installing.set(true);
      try {
        MvSqlite.Installation installation = MvSqlite.installAsDefault(type.getClassLoader());
        installed.put(type, installation.binding().api());
        LOG.debug("mvSQLite installed as the default VFS of {}", installation.binding());
      } catch (RuntimeException | LinkageError e) {
        String message =
            "mvsqlite agent: cannot install mvSQLite into the sqlite-jdbc of "
                + type.getClassLoader()
                + ": "
                + e.getMessage();
        failed.put(type, message);
        System.err.println(message);
        throw new SQLException(message, "08001", e);
      } finally {
        installing.remove();
      }
    }
  }

  /**
   * A retry state if a {@code SQLITE_BUSY} of this step may be retried, else {@code null}. Never
   * throws.
   */
  Object beforeStep(Object nativeDb, long db, long stmt) {
    try {
      if (policy.maxRetries() == 0 || db == 0 || stmt == 0) {
        return null;
      }
      SqliteApi api = installed.get(nativeDb.getClass());
      if (api == null
          || !api.getAutocommit(MemorySegment.ofAddress(db))
          || api.stmtBusy(MemorySegment.ofAddress(stmt))) {
        return null;
      }
      return new RetryState();
    } catch (Throwable t) {
      LOG.warn("autocommit retry check failed; this statement will not be retried", t);
      return null;
    }
  }

  /**
   * A retry state if a {@code SQLITE_BUSY} of this {@code sqlite3_exec} may be retried: as for a
   * step, and the text holds one statement ({@link SqlText}). Never throws.
   */
  Object beforeExec(Object nativeDb, long db, byte[] sql) {
    try {
      if (policy.maxRetries() == 0 || db == 0 || sql == null) {
        return null;
      }
      SqliteApi api = installed.get(nativeDb.getClass());
      if (api == null
          || !api.getAutocommit(MemorySegment.ofAddress(db))
          || !SqlText.isSingleStatement(new String(sql, StandardCharsets.UTF_8))) {
        return null;
      }
      return new RetryState();
    } catch (Throwable t) {
      LOG.warn("autocommit retry check failed; this statement will not be retried", t);
      return null;
    }
  }

  /**
   * After a {@code sqlite3_exec} that {@link #beforeExec} allowed to retry failed with {@code
   * error}: if it is sqlite-jdbc's exception for {@code SQLITE_BUSY} and retries are left, waits
   * and returns true. Never throws.
   */
  boolean retryAfterError(Object state, Throwable error) {
    return error instanceof SQLException e && retryAfter(state, e.getErrorCode());
  }

  /**
   * After a step that {@link #beforeStep} allowed to retry: if it returned {@code SQLITE_BUSY} and
   * retries are left, waits as the policy says and returns true. Never throws; an interrupt ends
   * the retries (and stays set).
   */
  boolean retryAfter(Object state, int resultCode) {
    if (!AutocommitRetry.isBusy(resultCode) || !(state instanceof RetryState retry)) {
      return false;
    }
    if (retry.retries >= policy.maxRetries()) {
      LOG.warn(
          "an autocommit statement still conflicted after {} retries; returning SQLITE_BUSY",
          retry.retries);
      return false;
    }
    retry.retries++;
    try {
      Thread.sleep(Duration.ofNanos(policy.delayNanos(retry.retries, ThreadLocalRandom.current())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }
}
