package io.mvsqlite.client.jdbc;

import java.lang.reflect.Method;
import java.sql.Connection;

/**
 * The wrapper of a sqlite-jdbc connection: the proxy implements {@link MvSqliteConnection}.
 * Statements it creates are wrapped ({@link StatementHandler}); {@code commit()} and everything
 * else are forwarded with translated failures.
 *
 * <p>A conflict at {@code commit()} is an {@link java.sql.SQLTransactionRollbackException}
 * (SQLSTATE 40001, error code 5). The transaction then stays open and cannot commit: every further
 * {@code commit()} fails the same way, never reporting success for writes that were not committed.
 * Call {@code rollback()} and run the transaction again.
 *
 * <p>If SQLite itself rolled the transaction back (an I/O error, a commit the server refused),
 * {@code commit()} and every statement fail with SQLSTATE 40000 until {@code rollback()}, which
 * then only begins the next transaction ({@link Session#requireTransactionIntact}): statements
 * never silently run outside the transaction the application believes it is in.
 */
final class ConnectionHandler extends ForwardingHandler {

  ConnectionHandler(Connection delegate, Session session) {
    super(delegate, session);
  }

  @Override
  Object handle(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == MvSqliteConnection.class) {
      return switch (method.getName()) {
        case "conflictRetries" -> session.conflictRetries();
        default -> throw new UnsupportedOperationException(method.toString());
      };
    }
    boolean noArguments = args == null || args.length == 0;
    if (noArguments && method.getName().equals("commit")) {
      session.requireTransactionIntact();
    } else if (noArguments && method.getName().equals("rollback") && session.transactionLost()) {
      session.restartTransaction();
      return null;
    }
    return forward(proxy, method, args);
  }
}
