package io.mvsqlite.client.functions;

import io.mvsqlite.client.sqlite.DbHandle;
import io.mvsqlite.client.sqlite.FileHandles;
import io.mvsqlite.client.sqlite.SqlFunction;
import io.mvsqlite.client.sqlite.SqlFunctionException;
import io.mvsqlite.client.txn.MvConnection;
import io.mvsqlite.client.vfs.MvFile;
import io.mvsqlite.protocol.MvException;
import java.util.Locale;

/**
 * One call of an mvSQLite SQL function, with the argument checks every function shares. Each check
 * fails with a {@link SqlFunctionException} whose message starts with the function's name and names
 * the argument, so a misuse is an SQL error that says what to change (the reference aborted the
 * process on some of them).
 *
 * <p>Used on the thread that runs the statement, for the duration of the call only.
 */
final class FunctionCall {

  private final String function;
  private final SqlFunction.Call call;

  FunctionCall(String function, SqlFunction.Call call) {
    this.function = function;
    this.call = call;
  }

  /** The connection running the statement. */
  DbHandle db() {
    return call.db();
  }

  /**
   * The mvSQLite file behind the schema named by argument 0 ({@code 'main'} or an {@code ATTACH}
   * alias).
   *
   * @throws SqlFunctionException if the argument is not text, names no database of this connection,
   *     names {@code 'temp'} or a database that is not an mvSQLite namespace
   */
  MvFile file() throws SqlFunctionException {
    String schema = text(0, "schema");
    return switch (FileHandles.lookup(call.db(), schema)) {
      case FileHandles.JavaMainFile(MvFile file) -> file;
      case FileHandles.JavaMainFile other -> throw notMvSqlite(schema);
      case FileHandles.OtherFile other -> throw notMvSqlite(schema);
      case FileHandles.NoSuchSchema missing ->
          throw fail(
              "no database named '"
                  + schema
                  + "' on this connection"
                  + " (use 'main' or the alias given to ATTACH)");
    };
  }

  /** The connection behind argument 0, see {@link #file()}. */
  MvConnection connection() throws SqlFunctionException {
    return file().connection();
  }

  private SqlFunctionException notMvSqlite(String schema) {
    if (schema.toLowerCase(Locale.ROOT).equals("temp")) {
      return fail("'temp' is SQLite's temporary database, not an mvSQLite namespace");
    }
    return fail(
        "'" + schema + "' is not an mvSQLite database (it was not opened with vfs=mvsqlite)");
  }

  /** Argument {@code index}, which must be non-NULL text. */
  String text(int index, String what) throws SqlFunctionException {
    Object value = argument(index, what);
    if (value instanceof String s) {
      return s;
    }
    throw fail("argument " + (index + 1) + " (" + what + ") must be text, got " + typeName(value));
  }

  /** Argument {@code index}, which must not be NULL. */
  Object argument(int index, String what) throws SqlFunctionException {
    Object value = index < call.arguments().size() ? call.arguments().get(index) : null;
    if (value == null) {
      throw fail("argument " + (index + 1) + " (" + what + ") is required, got NULL");
    }
    return value;
  }

  /** Argument {@code index} if the call has it, else {@code null}. */
  Object optional(int index) {
    return index < call.arguments().size() ? call.arguments().get(index) : null;
  }

  /**
   * Fails unless the connection is outside a transaction (pins and namespace locks change what it
   * reads).
   */
  void requireNoTransaction(MvConnection connection, String what) throws SqlFunctionException {
    if (connection.inTransaction()) {
      throw fail(
          "cannot "
              + what
              + " while a transaction is active on namespace '"
              + connection.namespace().key()
              + "': call it outside BEGIN … COMMIT, or before the transaction first reads the database");
    }
  }

  /** A failure of this function with {@code SQLITE_ERROR}. */
  SqlFunctionException fail(String message) {
    return new SqlFunctionException(function + ": " + message);
  }

  /**
   * A failure of the store or client, with its SQLite code and its error code's name in the
   * message.
   */
  SqlFunctionException fail(MvException e) {
    return new SqlFunctionException(
        e.code().sqliteCode(), function + ": " + e.code() + ": " + e.getMessage());
  }

  static String typeName(Object value) {
    return switch (value) {
      case null -> "NULL";
      case Long l -> "an integer";
      case Double d -> "a real";
      case String s -> "text";
      case byte[] b -> "a blob";
      default -> value.getClass().getSimpleName();
    };
  }
}
