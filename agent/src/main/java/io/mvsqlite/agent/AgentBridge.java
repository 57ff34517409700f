package io.mvsqlite.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * How instrumented sqlite-jdbc code finds the agent. The static initializer of each instrumented
 * {@code NativeDB} calls {@link #hooks()} reflectively, through the <b>system</b> class loader
 * (which holds every agent jar), and keeps the handles in {@code static final} fields of its own;
 * its bytecode then calls them with {@code MethodHandle.invokeExact}. So the instrumented code
 * names only {@code java.base} types, and works in any class loader that loads sqlite-jdbc, even
 * one that cannot see the agent's classes (an isolated plugin loader), with no class on the
 * bootstrap class path (which would make the JVM print a warning and stop sharing application
 * classes).
 *
 * <p>The handles are process-wide on purpose: instrumented bytecode can only reach static state.
 * They are set once, before the transformer is registered, and never changed. Thread-safe.
 */
public final class AgentBridge {

  /** {@code void beforeOpen(Object nativeDb) throws SQLException}. */
  static final MethodType BEFORE_OPEN = MethodType.methodType(void.class, Object.class);

  /**
   * {@code Object beforeStep(Object nativeDb, long db, long stmt)}: a retry state, or {@code null}
   * for no retry.
   */
  static final MethodType BEFORE_STEP =
      MethodType.methodType(Object.class, Object.class, long.class, long.class);

  /**
   * {@code boolean retryAfter(Object state, int resultCode)}: waits and answers true when the step
   * should rerun.
   */
  static final MethodType RETRY_AFTER =
      MethodType.methodType(boolean.class, Object.class, int.class);

  /**
   * {@code Object beforeExec(Object nativeDb, long db, byte[] sql)}: a retry state, or {@code null}
   * for no retry.
   */
  static final MethodType BEFORE_EXEC =
      MethodType.methodType(Object.class, Object.class, long.class, byte[].class);

  /**
   * {@code boolean retryAfterError(Object state, Throwable error)}: waits and answers true to run
   * the exec again.
   */
  static final MethodType RETRY_AFTER_ERROR =
      MethodType.methodType(boolean.class, Object.class, Throwable.class);

  /** The hooks' types, in the order of {@link #connect} and {@link #hooks()}. */
  static final MethodType[] TYPES = {
    BEFORE_OPEN, BEFORE_STEP, RETRY_AFTER, BEFORE_EXEC, RETRY_AFTER_ERROR
  };

  private static volatile MethodHandle[] hooks;

  private AgentBridge() {}

  /**
   * Installs the agent's hooks, of the types of {@link #TYPES} in that order.
   *
   * @throws IllegalArgumentException if a handle has another type
   * @throws IllegalStateException if hooks were already connected
   */
  static synchronized void connect(MethodHandle... handles) {
    if (handles.length != TYPES.length) {
      throw new IllegalArgumentException("expected " + TYPES.length + " agent hooks");
    }
    for (int i = 0; i < TYPES.length; i++) {
      if (!handles[i].type().equals(TYPES[i])) {
        throw new IllegalArgumentException("agent hook " + i + " has type " + handles[i].type());
      }
    }
    if (hooks != null) {
      throw new IllegalStateException("agent hooks are already connected");
    }
    hooks = handles.clone();
  }

  /**
   * The hooks, in the order of {@link #connect}; called by instrumented code only.
   *
   * @throws IllegalStateException if the agent has not connected them (then sqlite-jdbc fails to
   *     initialize rather than silently writing local files)
   */
  public static MethodHandle[] hooks() {
    MethodHandle[] h = hooks;
    if (h == null) {
      throw new IllegalStateException(
          "the mvSQLite agent instrumented sqlite-jdbc but has not started");
    }
    return h.clone();
  }
}
