package io.mvsqlite.client.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.SQLException;

/**
 * The base of the driver's wrappers: a dynamic proxy over one sqlite-jdbc object that forwards
 * every method to it, translating failures and wrapping returned JDBC objects through the {@link
 * Session}. Subclasses intercept the few methods whose behaviour differs ({@link #handle}).
 *
 * <p>{@code unwrap} and {@code isWrapperFor} answer for the proxy first, then for the wrapped
 * object, so {@code unwrap(org.sqlite.SQLiteConnection.class)} reaches sqlite-jdbc. {@code equals}
 * is identity; {@code toString} shows the wrapped object.
 */
abstract class ForwardingHandler implements InvocationHandler {

  final Object delegate;
  final Session session;

  ForwardingHandler(Object delegate, Session session) {
    this.delegate = delegate;
    this.session = session;
  }

  @Override
  public final Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "mvSQLite " + delegate;
      };
    }
    if (args != null && args.length == 1 && args[0] instanceof Class<?> type) {
      if (method.getName().equals("unwrap") && type.isInstance(proxy)) {
        return proxy;
      }
      if (method.getName().equals("isWrapperFor") && type.isInstance(proxy)) {
        return true;
      }
    }
    return handle(proxy, method, args);
  }

  /** Handles a call that is not one of {@link Object}'s methods. */
  abstract Object handle(Object proxy, Method method, Object[] args) throws Throwable;

  /** Forwards a call: translated failures, wrapped result. */
  final Object forward(Object proxy, Method method, Object[] args) throws SQLException {
    return session.wrap(
        session.execute(false, () -> call(method, args)), method.getReturnType(), proxy);
  }

  /**
   * Calls {@code method} on the wrapped object; its failures are thrown as they are (not
   * translated).
   */
  final Object call(Method method, Object[] args) throws SQLException {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      switch (cause) {
        case SQLException sql -> throw sql;
        case RuntimeException runtime -> throw runtime;
        case Error error -> throw error;
        default -> throw new SQLException(cause.toString(), cause);
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(
          "cannot call " + method + " on " + delegate.getClass().getName(), e);
    }
  }
}
