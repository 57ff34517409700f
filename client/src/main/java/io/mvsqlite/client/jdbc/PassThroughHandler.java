package io.mvsqlite.client.jdbc;

import java.lang.reflect.Method;
import java.sql.Statement;

/**
 * The wrapper of result sets and database metadata: everything is forwarded (failures translated,
 * returned JDBC objects wrapped); a result set's {@code getStatement()} returns the statement
 * wrapper that produced it.
 */
final class PassThroughHandler extends ForwardingHandler {

  private final Statement owner;

  /**
   * @param owner the statement wrapper that produced this result set, or {@code null}
   */
  PassThroughHandler(Object delegate, Session session, Statement owner) {
    super(delegate, session);
    this.owner = owner;
  }

  @Override
  Object handle(Object proxy, Method method, Object[] args) throws Throwable {
    if (owner != null
        && method.getName().equals("getStatement")
        && (args == null || args.length == 0)) {
      return owner;
    }
    return forward(proxy, method, args);
  }
}
