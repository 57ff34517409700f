package io.mvsqlite.client.jdbc;

import io.mvsqlite.client.jdbc.ParameterLog.BatchEntry;
import io.mvsqlite.client.jdbc.ParameterLog.ParameterEntry;
import io.mvsqlite.client.jdbc.ParameterLog.SqlEntry;
import java.lang.reflect.Method;
import java.sql.BatchUpdateException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * The wrapper of a statement ({@link Statement}, {@link PreparedStatement}; sqlite-jdbc has no
 * callable statements).
 *
 * <p><b>Retries.</b> {@code execute}, {@code executeUpdate}, {@code executeLargeUpdate} and {@code
 * executeQuery} run through {@link Session#execute}: in autocommit mode, a statement whose commit
 * conflicts is run again (the statement's own transaction was rolled back, so the re-run is a fresh
 * first run). SQL text with several statements is not retried: sqlite-jdbc's {@code
 * executeUpdate(String)} commits each in turn, so the ones before the conflict would run twice. A
 * statement that writes and returns rows ({@code INSERT … RETURNING}) commits only after its last
 * row: in autocommit mode its rows are read to the end inside the call ({@link Session#settle}), so
 * its conflict is retried like any other, before a row is handed out.
 *
 * <p><b>Batches</b> are kept here ({@link ParameterLog}) and run entry by entry, each as if
 * executed alone: in autocommit mode each entry commits by itself and is retried by itself, so a
 * conflict never re-applies an entry that already committed. A failure stops the batch with a
 * {@link BatchUpdateException} whose update counts are those of the entries before it (in
 * autocommit mode, those have committed). Parameters set before {@code executeBatch()} are set
 * again afterwards.
 */
final class StatementHandler extends ForwardingHandler {

  private final ParameterLog parameters = new ParameterLog();

  /**
   * The rows of the last {@code execute} of a statement that wrote in autocommit mode, read to the
   * end.
   */
  private ResultSet settled;

  StatementHandler(Statement delegate, Session session) {
    super(delegate, session);
  }

  @Override
  Object handle(Object proxy, Method method, Object[] args) throws Throwable {
    int argc = args == null ? 0 : args.length;
    switch (method.getName()) {
      case "getConnection":
        return session.connection();
      case "execute", "executeUpdate", "executeLargeUpdate", "executeQuery":
        {
          settled = null;
          session.requireTransactionIntact();
          boolean retryable =
              argc == 0 || (args[0] instanceof String sql && SqlText.isSingleStatement(sql));
          Object result =
              session.execute(
                  retryable,
                  () -> {
                    Object r = call(method, args);
                    if (r instanceof ResultSet rs) {
                      return session.settle(rs);
                    }
                    if (Boolean.TRUE.equals(r) && method.getName().equals("execute")) {
                      ResultSet rs = ((Statement) delegate).getResultSet();
                      ResultSet kept = session.settle(rs);
                      settled = kept != rs ? kept : null;
                    }
                    return r;
                  });
          return session.wrap(result, method.getReturnType(), proxy);
        }
      case "getResultSet":
        if (settled != null) {
          return session.wrap(settled, ResultSet.class, proxy);
        }
        return forward(proxy, method, args);
      case "addBatch":
        if (argc == 0) {
          requireOpen();
          parameters.addParameters();
          return null;
        }
        if (!(delegate instanceof PreparedStatement)) {
          requireOpen();
          parameters.addSql((String) args[0]);
          return null;
        }
        return forward(proxy, method, args);
      case "clearBatch":
        parameters.clearBatch();
        return forward(proxy, method, args);
      case "clearParameters":
        parameters.clearParameters();
        return forward(proxy, method, args);
      case "executeBatch":
        return toInts(runBatch());
      case "executeLargeBatch":
        return runBatch();
      default:
        if (isParameterSetter(method, argc)) {
          return forward(proxy, method, parameters.record(method, args));
        }
        return forward(proxy, method, args);
    }
  }

  private static boolean isParameterSetter(Method method, int argc) {
    return method.getDeclaringClass() == PreparedStatement.class
        && method.getName().startsWith("set")
        && argc >= 2
        && method.getParameterTypes()[0] == int.class;
  }

  private void requireOpen() throws SQLException {
    if (((Statement) delegate).isClosed()) {
      throw new SQLException("statement is closed");
    }
  }

  private long[] runBatch() throws SQLException {
    List<BatchEntry> entries = parameters.drainBatch();
    session.requireTransactionIntact();
    long[] counts = new long[entries.size()];
    boolean rebound = false;
    try {
      for (int i = 0; i < entries.size(); i++) {
        BatchEntry entry = entries.get(i);
        try {
          counts[i] =
              switch (entry) {
                case SqlEntry s ->
                    session.execute(
                        SqlText.isSingleStatement(s.sql()),
                        () -> ((Statement) delegate).executeLargeUpdate(s.sql()));
                case ParameterEntry p -> {
                  rebound = true;
                  yield session.execute(
                      true,
                      () -> {
                        PreparedStatement ps = (PreparedStatement) delegate;
                        ps.clearParameters();
                        ParameterLog.replay(p.calls(), ps);
                        return ps.executeLargeUpdate();
                      });
                }
              };
        } catch (SQLException e) {
          long[] done = Arrays.copyOf(counts, i);
          throw new BatchUpdateException(
              "batch entry " + i + " failed: " + e.getMessage(),
              e.getSQLState(),
              e.getErrorCode(),
              done,
              e);
        }
      }
      return counts;
    } finally {
      if (rebound) {
        PreparedStatement ps = (PreparedStatement) delegate;
        if (!ps.isClosed()) {
          ps.clearParameters();
          ParameterLog.replay(parameters.currentParameters(), ps);
        }
      }
    }
  }

  private static int[] toInts(long[] counts) {
    int[] out = new int[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = (int) Math.min(Integer.MAX_VALUE, counts[i]);
    }
    return out;
  }
}
