package io.mvsqlite.client.functions;

import static io.mvsqlite.protocol.SqliteCodes.SQLITE_DIRECTONLY;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_UTF8;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.sqlite.DbHandle;
import io.mvsqlite.client.sqlite.SqlFunctions;
import java.util.ArrayList;
import java.util.List;

/**
 * mvSQLite's SQL functions (reference client §9), installed into one SQLite copy so that every
 * connection it opens from then on has them, whatever VFS opened it: on a database that is not an
 * mvSQLite namespace they fail with an SQL error saying so.
 *
 * <table>
 *   <caption>The functions</caption>
 *   <tr><th>group</th><th>functions</th></tr>
 *   <tr><td>{@link TimeTravelFunctions}</td><td>{@code mv_last_known_version(db)}, {@code mv_time2version(db, t)},
 *       {@code mv_pin_version(db, version)}, {@code mv_unpin_version(db)}</td></tr>
 *   <tr><td>{@link DiagnosticFunctions}</td><td>{@code mv_prefetch_metrics(db)}, {@code mv_read_ahead_metrics(db)}</td></tr>
 *   <tr><td>{@link NamespaceLockFunctions}</td><td>{@code mv_nslock_acquire(db, owner[, version])}, {@code
 *       mv_nslock_release_commit(db, owner)}, {@code mv_nslock_release_rollback(db, owner)}</td></tr>
 * </table>
 *
 * <p>All are {@code SQLITE_UTF8 | SQLITE_DIRECTONLY}: they change or reveal connection state, so
 * triggers, views and the schema cannot call them. Every misuse (NULL or ill-typed arguments, an
 * unknown schema, {@code 'temp'}, a database that is not mvSQLite's, pinning inside a transaction)
 * and every store failure is an SQL error whose message starts with the function's name; nothing
 * aborts the process.
 *
 * <p><b>Commit groups</b> ({@link CommitGroupFunctions}: {@code mv_commit_group_begin()}, {@code
 * mv_commit_group_commit(db)}, {@code mv_commit_group_rollback(db)}) exist only when {@link
 * ClientConfig#commitGroup()} is set ({@code MVSQLITE_EXPERIMENTAL_COMMIT_GROUP=1}).
 *
 * <p>Thread-safe; the functions run on the thread of the statement that calls them.
 */
public final class MvFunctions {

  /** The flags every mvSQLite function is registered with. */
  public static final int FLAGS = SQLITE_UTF8 | SQLITE_DIRECTONLY;

  private MvFunctions() {}

  /**
   * Registers every function on each connection {@code functions}' SQLite copy opens from now on.
   * Call it once.
   */
  public static void installOnEveryConnection(SqlFunctions functions, ClientConfig config) {
    for (FunctionDefinition d : definitions(config)) {
      functions.installOnEveryConnection(d.name(), d.arity(), FLAGS, d.asSqlFunction());
    }
  }

  /**
   * Registers every function of {@code config} on one open connection (e.g. the commit-group
   * functions on a connection of a process installed without {@code
   * MVSQLITE_EXPERIMENTAL_COMMIT_GROUP}). The commit-group functions registered this way keep their
   * own registry of open groups, so register them once per connection.
   */
  public static void register(SqlFunctions functions, DbHandle db, ClientConfig config) {
    for (FunctionDefinition d : definitions(config)) {
      functions.register(db, d.name(), d.arity(), FLAGS, d.asSqlFunction());
    }
  }

  /** The names of the functions installed for {@code config}, one per arity. */
  public static List<String> names(ClientConfig config) {
    return definitions(config).stream().map(FunctionDefinition::name).toList();
  }

  private static List<FunctionDefinition> definitions(ClientConfig config) {
    List<FunctionDefinition> all = new ArrayList<>();
    all.addAll(TimeTravelFunctions.definitions());
    all.addAll(DiagnosticFunctions.definitions());
    all.addAll(NamespaceLockFunctions.definitions());
    if (config.commitGroup()) {
      all.addAll(CommitGroupFunctions.definitions());
    }
    return all;
  }
}
