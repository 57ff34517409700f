package io.mvsqlite.client.functions;

import static io.mvsqlite.protocol.SqliteCodes.SQLITE_BUSY_SNAPSHOT;

import io.mvsqlite.client.sqlite.DbHandle;
import io.mvsqlite.client.sqlite.FileHandles;
import io.mvsqlite.client.sqlite.SqlFunctionException;
import io.mvsqlite.client.txn.CommitGroup;
import io.mvsqlite.client.txn.CommitResult;
import io.mvsqlite.client.txn.MvConnection;
import io.mvsqlite.client.vfs.MvFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Commit groups from SQL (experimental, only with {@code MVSQLITE_EXPERIMENTAL_COMMIT_GROUP=1};
 * docs/commit-groups.md, "The client"): {@code mv_commit_group_begin()}, {@code
 * mv_commit_group_commit(db)} and {@code mv_commit_group_rollback(db)}.
 *
 * <p><b>Groups belong to the SQLite connection</b> ({@code sqlite3*}), not to a thread (the
 * reference's thread-local groups broke with thread pools and coroutine runtimes): a group begun on
 * one thread can be committed on another. {@code begin} makes every mvSQLite database of the
 * connection at that moment (main and attached, pinned ones excepted) a {@link CommitGroup} member;
 * the group ends at commit, rollback, or when a member closes (the SQLite connection closes, or a
 * member is detached), which discards it.
 *
 * <p>{@code db} must name an mvSQLite database of the connection that is a member of its group
 * ({@code 'main'} or an ATTACH alias). Every misuse is an SQL error whose message starts with the
 * function's name. A conflict of the group fails {@code mv_commit_group_commit} with {@code
 * SQLITE_BUSY_SNAPSHOT} (517); nothing of the group is then visible.
 *
 * <p>Thread-safe: the open groups are kept in a concurrent map keyed by connection.
 */
final class CommitGroupFunctions {

  private final ConcurrentMap<DbHandle, CommitGroup> open = new ConcurrentHashMap<>();

  private CommitGroupFunctions() {}

  /** The three functions, sharing one registry of open groups. */
  static List<FunctionDefinition> definitions() {
    CommitGroupFunctions f = new CommitGroupFunctions();
    return List.of(
        new FunctionDefinition("mv_commit_group_begin", 0, f::begin),
        new FunctionDefinition("mv_commit_group_commit", 1, f::commit),
        new FunctionDefinition("mv_commit_group_rollback", 1, f::rollback));
  }

  private Object begin(FunctionCall call) throws SqlFunctionException {
    DbHandle db = call.db();
    CommitGroup existing = open.get(db);
    if (existing != null && !existing.isEnded()) {
      throw call.fail(
          "a commit group is already open on this connection: end it with mv_commit_group_commit or"
              + " mv_commit_group_rollback first");
    }
    if (!db.autocommit()) {
      throw call.fail(
          "cannot begin a commit group inside a transaction: call it outside BEGIN … COMMIT");
    }
    List<CommitGroup.Member> members = new ArrayList<>();
    String backend = null;
    for (Map.Entry<String, MvFile> e : mvDatabases(db).entrySet()) {
      MvConnection c = e.getValue().connection();
      if (c.pinnedVersion() != null) {
        continue; // a read-only view of the past: it reads its own version and cannot write
      }
      if (c.inTransaction()) {
        throw call.fail(
            "cannot begin a commit group while database '"
                + e.getKey()
                + "' is in a transaction"
                + " (finish or reset the statements reading it first)");
      }
      String where = e.getValue().transportDescription();
      if (backend != null && !backend.equals(where)) {
        throw call.fail(
            "the databases of a commit group must live on one backend (one commit request): '"
                + e.getKey()
                + "' is on "
                + where
                + ", others on "
                + backend);
      }
      backend = where;
      members.add(new CommitGroup.Member(e.getKey(), c));
    }
    if (members.isEmpty()) {
      throw call.fail(
          "this connection has no writable mvSQLite database (open or ATTACH one with vfs=mvsqlite)");
    }
    CommitGroup[] holder = new CommitGroup[1];
    holder[0] =
        CommitGroup.open(
            members.getFirst().connection().store(), members, () -> open.remove(db, holder[0]));
    open.put(db, holder[0]);
    return null;
  }

  private Object commit(FunctionCall call) throws SqlFunctionException {
    CommitGroup group = groupFor(call);
    List<String> late = attachedLate(call.db(), group);
    if (!late.isEmpty()) {
      group.rollback();
      throw call.fail(
          "database(s) "
              + late
              + " were attached after mv_commit_group_begin, so their transactions"
              + " ran outside the group (each committed on its own); the group was rolled back, nothing of it was"
              + " committed. ATTACH every database before mv_commit_group_begin()");
    }
    return switch (group.commit()) {
      case CommitResult.Committed c -> c.version().hex();
      case CommitResult.Unchanged u -> null;
      case CommitResult.Conflict c ->
          throw new SqlFunctionException(
              SQLITE_BUSY_SNAPSHOT,
              "mv_commit_group_commit:"
                  + " commit group conflict: another transaction changed what the group read"
                  + (c.reason() == null || c.reason().isBlank() ? "" : " (" + c.reason() + ")")
                  + "; nothing of the group was committed: run its transactions again in a new group");
      case CommitResult.Failed f -> throw call.fail(f.error());
      case CommitResult.Staged s ->
          throw new IllegalStateException("a group commit cannot be staged");
    };
  }

  private Object rollback(FunctionCall call) throws SqlFunctionException {
    groupFor(call).rollback();
    return null;
  }

  /**
   * The connection's open group, checked: {@code db} is one of its members and no member is in a
   * transaction.
   */
  private CommitGroup groupFor(FunctionCall call) throws SqlFunctionException {
    MvFile file = call.file();
    CommitGroup group = open.get(call.db());
    if (group == null || group.isEnded()) {
      throw call.fail(
          "no commit group is open on this connection (call mv_commit_group_begin() first)");
    }
    if (!group.isMember(file.connection())) {
      throw call.fail(
          "'"
              + call.text(0, "schema")
              + "' is not a member of this connection's commit group (it is"
              + " pinned, or was attached after mv_commit_group_begin)");
    }
    if (!call.db().autocommit()) {
      throw call.fail(
          "cannot end a commit group inside a transaction: COMMIT or ROLLBACK it first");
    }
    for (CommitGroup.Member m : group.members()) {
      if (m.connection().inTransaction()) {
        throw call.fail(
            "cannot end a commit group while database '"
                + m.schema()
                + "' is in a transaction"
                + " (finish or reset the statements reading it first)");
      }
    }
    return group;
  }

  /** The connection's mvSQLite databases that are writable and not members of {@code group}. */
  private static List<String> attachedLate(DbHandle db, CommitGroup group) {
    List<String> late = new ArrayList<>();
    for (Map.Entry<String, MvFile> e : mvDatabases(db).entrySet()) {
      MvConnection c = e.getValue().connection();
      if (c.pinnedVersion() == null && !group.isMember(c)) {
        late.add(e.getKey());
      }
    }
    return late;
  }

  /** The connection's mvSQLite databases by schema name, in SQLite's order. */
  private static Map<String, MvFile> mvDatabases(DbHandle db) {
    Map<String, MvFile> out = new LinkedHashMap<>();
    for (String schema : FileHandles.schemaNames(db)) {
      if (FileHandles.lookup(db, schema) instanceof FileHandles.JavaMainFile(MvFile file)) {
        out.put(schema, file);
      }
    }
    return out;
  }
}
