package io.mvsqlite.client.sqlite;

import java.util.List;

/**
 * A scalar SQL function implemented in Java, registered with {@link SqlFunctions}.
 *
 * <p>It is called on the thread that runs the statement, possibly several threads at once for
 * different connections, so it must be thread-safe. It may block; a virtual thread stays pinned
 * meanwhile.
 */
@FunctionalInterface
public interface SqlFunction {

  /**
   * Computes the result.
   *
   * @return {@code null} (SQL NULL), a {@link Long}, {@link Integer}, {@link Short}, {@link Byte}
   *     or {@link Boolean} (INTEGER), a {@link Double} or {@link Float} (REAL), a {@link String}
   *     (TEXT) or a {@code byte[]} (BLOB)
   * @throws SqlFunctionException to fail the statement with a message and a result code; any other
   *     exception fails it with {@code SQLITE_ERROR} and the exception's description
   */
  Object apply(Call call) throws SqlFunctionException;

  /**
   * One invocation.
   *
   * @param db the connection running the statement
   * @param arguments the SQL arguments as Java values: {@code null}, {@link Long}, {@link Double},
   *     {@link String} or {@code byte[]}, by each value's SQLite type; the list is unmodifiable and
   *     may contain nulls
   */
  record Call(DbHandle db, List<Object> arguments) {

    /** Argument {@code index}, which must be TEXT. */
    public String text(int index) throws SqlFunctionException {
      if (arguments.get(index) instanceof String value) {
        return value;
      }
      throw new SqlFunctionException("argument " + (index + 1) + " must be text");
    }

    /** Argument {@code index}, which must be INTEGER. */
    public long integer(int index) throws SqlFunctionException {
      if (arguments.get(index) instanceof Long value) {
        return value;
      }
      throw new SqlFunctionException("argument " + (index + 1) + " must be an integer");
    }
  }
}
