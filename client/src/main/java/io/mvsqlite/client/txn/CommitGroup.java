package io.mvsqlite.client.txn;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.StatQuery;
import io.mvsqlite.protocol.StatResult;
import io.mvsqlite.protocol.Version;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A serializable commit group over the databases of one SQLite connection (docs/commit-groups.md,
 * "The client"): the transactions run on its members between {@code mv_commit_group_begin()} and
 * {@code mv_commit_group_commit(db)} become <b>one</b> commit request, all or nothing, checked as
 * one transaction.
 *
 * <ul>
 *   <li><b>One snapshot.</b> The first transaction of the group, on any member, takes the snapshot
 *       of every member at once ({@link PageStore#statGroup}: one KV read version); every
 *       transaction of the group reads each member at that snapshot.
 *   <li><b>Staging.</b> A member's write transaction does not commit at its commit point: its pages
 *       are uploaded (under the group's one lease, renewed until the group ends) and the commit
 *       entries are kept here; SQLite is told it committed. Nobody, this connection included, sees
 *       the writes before the group commits; a new transaction on a staged member is refused
 *       ({@link #refusal}).
 *   <li><b>Reads.</b> Every transaction's read set is merged per member; members that did not write
 *       become check-only participants of the commit ({@code sharedSnapshot = true}), so a group
 *       that read a database and wrote another conflicts if the database it read changed:
 *       cross-database write skew is impossible.
 * </ul>
 *
 * <p>After {@link #commit()} or {@link #rollback()} (or when a member closes, which rolls back) the
 * group is over: every member leaves it, and the {@code onEnd} callback runs once. Members' page
 * caches then reflect the store: committed pages at the group's version, or the snapshot without
 * the staged pages.
 *
 * <p><b>Threads.</b> A group belongs to one SQLite connection, not to a thread: SQLite and the SQL
 * functions call it one at a time, from whichever thread uses the connection. Methods are
 * synchronized for visibility across those threads; they never run concurrently in practice.
 */
public final class CommitGroup {

  /**
   * A database of the group.
   *
   * @param schema the SQLite schema name ({@code main} or an ATTACH alias), for messages
   * @param connection its connection
   */
  public record Member(String schema, MvConnection connection) {

    public Member {
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(connection, "connection");
    }
  }

  /** A member's staged write transaction: uploaded pages, not yet committed. */
  record StagedWrite(
      List<io.mvsqlite.protocol.PageCommit> entries,
      Map<Integer, byte[]> content,
      Uploads uploads) {}

  /** What the group holds for one member. */
  private static final class Participation {
    final BitSet reads = new BitSet();
    boolean readsEverything;
    boolean read;
    StagedWrite staged;
  }

  private final PageStore store;
  private final List<Member> members;
  private final Map<MvConnection, Participation> participation = new IdentityHashMap<>();
  private final LeaseId lease = LeaseId.random();
  private final Runnable onEnd;
  private Map<MvConnection, Version> snapshot;
  private boolean ended;

  private CommitGroup(PageStore store, List<Member> members, Runnable onEnd) {
    this.store = store;
    this.members = List.copyOf(members);
    this.onEnd = onEnd;
  }

  /**
   * Opens a group over {@code members} and makes each join it.
   *
   * @param store the data plane all members use (one backend: one commit request)
   * @param onEnd run once when the group ends (commit, rollback, or a member closing)
   * @throws MvException {@link ErrorCode#NUM_NAMESPACES_OUT_OF_BOUND} for none or more than {@value
   *     Limits#MAX_NAMESPACES_PER_COMMIT} members, {@link ErrorCode#NAMESPACE_NOT_DISTINCT} if two
   *     members are the same namespace
   * @throws IllegalStateException if a member is in a transaction or already in a group
   */
  public static CommitGroup open(PageStore store, List<Member> members, Runnable onEnd) {
    if (members.isEmpty() || members.size() > Limits.MAX_NAMESPACES_PER_COMMIT) {
      throw new MvException(
          ErrorCode.NUM_NAMESPACES_OUT_OF_BOUND,
          "a commit group spans 1 to "
              + Limits.MAX_NAMESPACES_PER_COMMIT
              + " mvSQLite databases; this connection has "
              + members.size());
    }
    Set<String> keys = new HashSet<>();
    for (Member m : members) {
      if (!keys.add(m.connection().namespace().key())) {
        throw new MvException(
            ErrorCode.NAMESPACE_NOT_DISTINCT,
            "namespace '"
                + m.connection().namespace().key()
                + "' is attached twice (as '"
                + m.schema()
                + "' and another schema): a commit group writes each"
                + " namespace once");
      }
      if (m.connection().inTransaction()) {
        throw new IllegalStateException("database '" + m.schema() + "' is in a transaction");
      }
      if (m.connection().commitGroup() != null) {
        throw new IllegalStateException(
            "database '" + m.schema() + "' is already in a commit group");
      }
    }
    CommitGroup group = new CommitGroup(store, members, onEnd);
    for (Member m : members) {
      m.connection().joinGroup(group);
    }
    return group;
  }

  /** The members, in the order given to {@link #open}. */
  public List<Member> members() {
    return members;
  }

  /** True if {@code connection} is a member of this (open) group. */
  public synchronized boolean isMember(MvConnection connection) {
    return !ended && members.stream().anyMatch(m -> m.connection() == connection);
  }

  /** The lease id every member's uploads use, so that the one commit request can name it. */
  LeaseId lease() {
    return lease;
  }

  /**
   * Why a new transaction on {@code connection} must be refused, or {@code null} if it may begin:
   * its write transaction is staged in this group.
   */
  public synchronized String refusal(MvConnection connection) {
    Participation p = participation.get(connection);
    if (p == null || p.staged == null) {
      return null;
    }
    return "namespace '"
        + connection.namespace().key()
        + "' has a transaction staged in this connection's open"
        + " commit group: no new transaction may begin on it until mv_commit_group_commit or"
        + " mv_commit_group_rollback ends the group";
  }

  /**
   * The version {@code connection} reads at in this group; the first call takes the shared snapshot
   * of every member and brings each member's page cache up to it.
   */
  synchronized Version snapshotFor(MvConnection connection) {
    requireOpen();
    if (snapshot == null) {
      List<StatQuery> queries = new ArrayList<>(members.size());
      for (Member m : members) {
        queries.add(m.connection().statQuery());
      }
      List<StatResult> stats = store.statGroup(queries);
      if (stats.size() != members.size()) {
        throw new MvException(
            ErrorCode.DATA_CORRUPT,
            "the store answered "
                + stats.size()
                + " snapshots for "
                + members.size()
                + " namespaces");
      }
      Map<MvConnection, Version> taken = new IdentityHashMap<>();
      for (int i = 0; i < members.size(); i++) {
        MvConnection c = members.get(i).connection();
        c.adoptStat(stats.get(i));
        taken.put(c, stats.get(i).version());
      }
      snapshot = taken;
    }
    return snapshot.get(connection);
  }

  /**
   * Merges a finished transaction's reads ({@code null}: too many to list, check the whole
   * namespace).
   */
  synchronized void recordReads(MvConnection connection, ReadSet reads) {
    if (ended) {
      return;
    }
    Participation p = participation.computeIfAbsent(connection, c -> new Participation());
    p.read = true;
    if (reads == null) {
      p.readsEverything = true;
    } else {
      reads.mergeInto(p.reads);
    }
  }

  /** Keeps {@code connection}'s write transaction for the group's commit. */
  synchronized void stage(MvConnection connection, ReadSet reads, StagedWrite write) {
    requireOpen();
    recordReads(connection, reads);
    participation.get(connection).staged = write;
  }

  /**
   * Commits the group: one request with every staged write and every read member as a check-only
   * participant, {@code sharedSnapshot = true}. Whatever the outcome, the group ends.
   *
   * @return {@link CommitResult.Committed} (the group's version), {@link CommitResult.Unchanged}
   *     (nothing was staged: nothing to commit), {@link CommitResult.Conflict} or {@link
   *     CommitResult.Failed}: nothing of the group is visible then
   */
  public synchronized CommitResult commit() {
    requireOpen();
    try {
      List<NamespaceCommit> commits = new ArrayList<>();
      List<MvConnection> order = new ArrayList<>();
      Set<String> owners = new HashSet<>();
      int pages = 0;
      long uploaded = 0;
      for (Member m : members) {
        Participation p = participation.get(m.connection());
        if (p == null || !p.read && p.staged == null) {
          continue;
        }
        MvConnection c = m.connection();
        int[] reads =
            p.readsEverything || p.reads.cardinality() > Limits.MAX_READ_SET_PAGES
                ? null
                : p.reads.stream().toArray();
        List<io.mvsqlite.protocol.PageCommit> entries =
            p.staged == null ? List.of() : p.staged.entries();
        commits.add(new NamespaceCommit(c.namespace(), snapshot.get(c), reads, entries));
        order.add(c);
        if (c.lockOwner() != null) {
          owners.add(c.lockOwner());
        }
        if (p.staged != null) {
          pages += entries.size();
          uploaded += p.staged.uploads().pagesUploaded();
        }
      }
      if (pages == 0) {
        return new CommitResult.Unchanged();
      }
      if (owners.size() > 1) {
        return new CommitResult.Failed(
            new MvException(
                ErrorCode.INVALID_OWNER,
                "the databases of this commit group"
                    + " claim different namespace-lock owners "
                    + owners
                    + "; one commit carries one owner"));
      }
      String owner = owners.isEmpty() ? null : owners.iterator().next();
      CommitRequest request =
          new CommitRequest(IdempotencyKey.random(), true, owner, lease, true, commits);
      CommitOutcome outcome;
      try {
        outcome = store.commit(request);
      } catch (MvException e) {
        return new CommitResult.Failed(e);
      }
      return switch (outcome) {
        case CommitOutcome.Committed c -> {
          for (MvConnection m : order) {
            StagedWrite w = participation.get(m).staged;
            m.applyGroupCommit(c.version(), c.changelog().get(m.namespace().key()), w);
          }
          yield new CommitResult.Committed(c.version(), pages, uploaded, true);
        }
        case CommitOutcome.Conflict c -> new CommitResult.Conflict(c.reason());
        case CommitOutcome.BadPageReference b ->
            new CommitResult.Failed(
                new MvException(
                    ErrorCode.BAD_PAGE_REFERENCE,
                    "the server no longer has pages this group uploaded (bad page reference"
                        + (b.detail() == null || b.detail().isEmpty() ? "" : ": " + b.detail())
                        + ")"));
      };
    } finally {
      end();
    }
  }

  /** Discards everything staged; the group ends. Uploaded content is left to content GC. */
  public synchronized void rollback() {
    if (!ended) {
      end();
    }
  }

  /**
   * A member is closing (its database detached or its SQLite connection closed): the group is
   * rolled back.
   */
  synchronized void memberClosed(MvConnection connection) {
    rollback();
  }

  public synchronized boolean isEnded() {
    return ended;
  }

  private void end() {
    ended = true;
    for (Member m : members) {
      m.connection().leaveGroup(this);
    }
    for (Participation p : participation.values()) {
      if (p.staged != null) {
        p.staged.uploads().closeAndDrain();
      }
    }
    participation.clear();
    onEnd.run();
  }

  private void requireOpen() {
    if (ended) {
      throw new IllegalStateException("the commit group has ended");
    }
  }

  @Override
  public String toString() {
    return "CommitGroup" + members.stream().map(Member::schema).toList();
  }
}
