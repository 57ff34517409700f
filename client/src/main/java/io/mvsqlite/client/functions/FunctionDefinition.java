package io.mvsqlite.client.functions;

import io.mvsqlite.client.sqlite.SqlFunction;
import io.mvsqlite.client.sqlite.SqlFunctionException;
import io.mvsqlite.protocol.MvException;
import java.util.Objects;

/**
 * One mvSQLite SQL function with one arity: its name, its argument count and its body. A function
 * with optional arguments is several definitions sharing a body ({@code mv_nslock_acquire} with 2
 * and with 3 arguments).
 *
 * @param name the SQL name, e.g. {@code mv_pin_version}
 * @param arity the number of arguments
 * @param body what the call computes
 */
record FunctionDefinition(String name, int arity, Body body) {

  /** The body of a function: it may block (store calls) and runs on the statement's thread. */
  @FunctionalInterface
  interface Body {
    /**
     * @return the SQL result, as {@link SqlFunction#apply} accepts it
     * @throws SqlFunctionException for a misuse, with a message naming the function
     */
    Object apply(FunctionCall call) throws SqlFunctionException;
  }

  FunctionDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(body, "body");
  }

  /**
   * The body as a {@link SqlFunction}: failures of the store or client ({@link MvException}) become
   * SQL errors with their SQLite code and the error code's name; nothing else escapes as an
   * unexpected exception.
   */
  SqlFunction asSqlFunction() {
    return call -> {
      FunctionCall c = new FunctionCall(name, call);
      try {
        return body.apply(c);
      } catch (MvException e) {
        throw c.fail(e);
      }
    };
  }
}
