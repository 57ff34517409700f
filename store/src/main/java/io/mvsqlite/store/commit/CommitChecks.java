package io.mvsqlite.store.commit;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvFutures;
import io.mvsqlite.kv.KvReader;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.NamespaceMetadata.NamespaceLock;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.keys.KeyCodec.LastWrite;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The checks a commit makes inside a KV transaction, shared by the three paths. Each method only
 * reads; they are called before the transaction writes anything (so no key they read can have
 * become unreadable, reference §16.15).
 *
 * <ol>
 *   <li>{@link #resolve}: namespace keys to ids, with a read conflict on each nskey key; {@link
 *       ErrorCode#NAMESPACE_NOT_FOUND}, {@link ErrorCode#NAMESPACE_NOT_DISTINCT}.
 *   <li>{@link #readStates}: per namespace its metadata (read conflict on nsmd), last-write version
 *       and idempotency record.
 *   <li>{@link #checkStates}, in this order: <b>idempotency</b> (an earlier attempt with the same
 *       key committed: answer its version); <b>lock rules</b> (reference §6.2: locked and no owner
 *       claimed &rArr; conflict; a wrong owner, a rollback in progress, or an owner claimed while
 *       unlocked &rArr; {@link ErrorCode#LOCK_GONE}); <b>causal check</b> (read version older than
 *       the base &rArr; conflict); <b>birth check</b> (base older than the namespace id, the
 *       version that created it &rArr; conflict: the key now names a re-created namespace); <b>head
 *       check</b> (base newer than the head &rArr; conflict: the client is ahead, e.g. after a
 *       rollback); <b>namespace-level check</b> for namespaces without page-level checking (any
 *       commit after the base &rArr; conflict).
 *   <li>{@link #checkPages}: page-level checks (PLCC) and the staged-commit rule of
 *       docs/commit-protocol.md.
 *   <li>{@link #checkContents}: every referenced hash that was uploaded earlier must be in the
 *       content index.
 * </ol>
 *
 * <p>Idempotency comes first, before the lock rules (the reference checks it after them): the
 * answer "your commit landed at V" is a fact, so a retry whose lock was released meanwhile still
 * learns it. An idempotency record newer than the namespace head belongs to a commit a rollback
 * undid; it is ignored and the head check answers. Stateless apart from the shared caches;
 * thread-safe.
 */
final class CommitChecks {

  /**
   * One namespace at the transaction's read version.
   *
   * @param lastWrite the last-write-version value, or {@code null} before the first commit
   * @param head the version of the latest commit, or the namespace id before the first
   * @param earlierCommit the version recorded under this commit's idempotency key, or {@code null}
   */
  record NamespaceState(
      Version id,
      NamespaceMetadata metadata,
      LastWrite lastWrite,
      Version head,
      Version earlierCommit) {}

  private final StoreContext ctx;
  private final KeyCodec keys;

  CommitChecks(StoreContext ctx) {
    this.ctx = ctx;
    this.keys = ctx.keys();
  }

  /** The id of every namespace of the plan, in order. */
  List<Version> resolve(KvTransaction tr, CommitPlan plan) {
    List<Version> ids = new ArrayList<>(plan.namespaces().size());
    for (NamespacePlan ns : plan.namespaces()) {
      ids.add(ctx.directory().resolve(tr, ns.ref()));
    }
    if (new HashSet<>(ids).size() != ids.size()) {
      throw new MvException(
          ErrorCode.NAMESPACE_NOT_DISTINCT, "namespace not distinct: a commit names each once");
    }
    return List.copyOf(ids);
  }

  /**
   * Reads what {@link #checkStates} needs. The idempotency records are read with a read conflict,
   * so two concurrent attempts of one commit cannot both write. The last-write version is read with
   * a read conflict when {@code lastWriteConflicts} is set and the namespace is checked
   * namespace-wide; otherwise as a snapshot read.
   */
  List<NamespaceState> readStates(
      KvTransaction tr, CommitPlan plan, List<Version> ids, boolean lastWriteConflicts) {
    int n = ids.size();
    List<CompletableFuture<byte[]>> records = new ArrayList<>(n);
    List<CompletableFuture<byte[]>> lastWrites = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      NamespacePlan ns = plan.namespaces().get(i);
      Version id = ids.get(i);
      records.add(ns.writes() ? tr.getAsync(keys.idempotency(id, plan.idempotencyKey())) : null);
      KvReader lwvReader = lastWriteConflicts && !plan.plcc(ns) ? tr : tr.snapshot();
      lastWrites.add(lwvReader.getAsync(keys.lastWriteVersion(id)));
    }
    List<NamespaceState> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Version id = ids.get(i);
      NamespaceMetadata md = ctx.metadata().get(tr, id);
      byte[] lwv = KvFutures.join(lastWrites.get(i));
      LastWrite lastWrite = lwv == null ? null : KeyCodec.decodeLastWriteVersion(lwv);
      Version head = lastWrite == null || lastWrite.version().isZero() ? id : lastWrite.version();
      byte[] record = records.get(i) == null ? null : KvFutures.join(records.get(i));
      Version earlier = record == null ? null : KeyCodec.decodeIdempotencyVersion(record);
      out.add(new NamespaceState(id, md, lastWrite, head, earlier));
    }
    return out;
  }

  /**
   * Idempotency, lock rules, causal check, head check and namespace-level check (see the class
   * comment).
   *
   * @param readVersion the transaction's read version as a store version ({@code rv || ffff})
   * @return {@code null} if the commit may proceed
   * @throws MvException {@link ErrorCode#LOCK_GONE} when the lock rules say so
   */
  Decision checkStates(CommitPlan plan, List<NamespaceState> states, Version readVersion) {
    List<Version> ids = states.stream().map(NamespaceState::id).toList();
    for (int i = 0; i < states.size(); i++) {
      Version earlier =
          earlierCommit(plan.namespaces().get(i), states.get(i), plan.idempotencyKey());
      if (earlier != null) {
        return new Decision.Committed(earlier, ids);
      }
    }
    for (int i = 0; i < states.size(); i++) {
      Decision locked = checkLock(plan.lockOwner(), states.get(i).metadata());
      if (locked != null) {
        return locked;
      }
    }
    for (int i = 0; i < states.size(); i++) {
      NamespacePlan ns = plan.namespaces().get(i);
      NamespaceState st = states.get(i);
      if (readVersion.isBefore(ns.base())) {
        return Decision.conflict(
            "causal read fault: namespace "
                + ns.ref()
                + " was read at "
                + ns.base()
                + ", newer than "
                + readVersion);
      }
      if (ns.base().isBefore(st.id())) {
        return Decision.conflict(
            "namespace "
                + ns.ref()
                + " was created after the version read ("
                + ns.base()
                + "): deleted and re-created?");
      }
      if (ns.base().isAfter(st.head())) {
        return Decision.conflict(
            "client ahead of head: namespace "
                + ns.ref()
                + " was read at "
                + ns.base()
                + " but its head is "
                + st.head()
                + " (rolled back?)");
      }
      if (!plan.plcc(ns) && ns.base().isBefore(st.head())) {
        return Decision.conflict(
            "namespace "
                + ns.ref()
                + " changed at "
                + st.head()
                + ", after the version read ("
                + ns.base()
                + ")");
      }
    }
    return null;
  }

  /**
   * Page-level checks for every namespace checked page by page: a published, unmerged staged commit
   * newer than the base conflicts (it may have written any page), and so does any page of the read
   * set with a version newer than the base. All reads carry read conflicts: a concurrent commit
   * writing one of those pages, or publishing or finishing a staged commit, makes this transaction
   * fail at the KV level.
   *
   * @return {@code null} if no page of any read set changed
   */
  Decision checkPages(KvTransaction tr, CommitPlan plan, List<NamespaceState> states) {
    List<PageCheck> checks = new ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      NamespacePlan ns = plan.namespaces().get(i);
      if (!plan.plcc(ns)) {
        continue;
      }
      NamespaceState st = states.get(i);
      Version id = st.id();
      if (st.metadata().stagedCommits() > 0) {
        byte[] begin = Bytes.keyAfter(keys.stagedCommit(id, ns.base()));
        checks.add(
            new PageCheck(
                "namespace " + ns.ref() + ": a staged commit was published after " + ns.base(),
                null,
                tr.getRangeAsync(begin, keys.stagedCommitRange(id)[1], 1, false)));
      }
      for (int page : ns.readSet()) {
        byte[] begin = keys.page(id, page, Version.ZERO);
        byte[] end = Bytes.keyAfter(keys.page(id, page, Version.MAX));
        checks.add(
            new PageCheck(
                "namespace " + ns.ref() + ": page " + Integer.toUnsignedString(page),
                ns.base(),
                tr.getRangeAsync(begin, end, 1, true)));
      }
    }
    Decision conflict = null;
    for (PageCheck c : checks) {
      List<KeyValue> found = KvFutures.join(c.read());
      if (conflict != null || found.isEmpty()) {
        continue;
      }
      if (c.base() == null) {
        conflict = Decision.conflict(c.what());
      } else {
        Version changed = keys.decodePage(found.getFirst().key()).version();
        if (changed.isAfter(c.base())) {
          conflict = Decision.conflict(c.what() + " changed at " + changed + ", after " + c.base());
        }
      }
    }
    return conflict;
  }

  /**
   * One pending page-level read: any key found newer than {@code base} (or any at all, without a
   * base) conflicts.
   */
  private record PageCheck(String what, Version base, CompletableFuture<List<KeyValue>> read) {}

  /**
   * Every hash in {@code hashes.get(i)} must have a content-index entry in namespace {@code
   * ids.get(i)}: read with read conflicts, so content GC deleting one concurrently makes either GC
   * or this transaction fail.
   *
   * @return {@code null} if all exist, else a bad page reference naming the first missing hash
   */
  Decision checkContents(
      KvTransaction tr, List<Version> ids, List<? extends Set<PageHash>> hashes) {
    List<CompletableFuture<byte[]>> reads = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      for (PageHash h : hashes.get(i)) {
        reads.add(tr.getAsync(keys.contentIndex(ids.get(i), h)));
        names.add(h.hex());
      }
    }
    String missing = null;
    for (int i = 0; i < reads.size(); i++) {
      if (KvFutures.join(reads.get(i)) == null && missing == null) {
        missing = names.get(i);
      }
    }
    return missing == null
        ? null
        : Decision.badReference(
            "page content " + missing + " was never uploaded to its namespace, or was collected");
  }

  private static Version earlierCommit(NamespacePlan ns, NamespaceState st, IdempotencyKey key) {
    if (!ns.writes()) {
      return null;
    }
    if (st.earlierCommit() != null && !st.earlierCommit().isAfter(st.head())) {
      return st.earlierCommit();
    }
    // Commits written before idempotency records existed (or by the reference) are known by the
    // last-write version.
    LastWrite lw = st.lastWrite();
    boolean realKey = !key.equals(new IdempotencyKey(new byte[IdempotencyKey.LENGTH]));
    if (lw != null && realKey && lw.idempotencyKey().equals(key) && !lw.version().isZero()) {
      return lw.version();
    }
    return null;
  }

  /** The lock rules of reference §6.2; {@code null} if the committer may write. */
  private static Decision checkLock(String owner, NamespaceMetadata md) {
    NamespaceLock lock = md.lock();
    if (lock == null) {
      if (owner != null) {
        throw new MvException(
            ErrorCode.LOCK_GONE, "you do not own the lock: the namespace is not locked");
      }
      return null;
    }
    if (owner == null) {
      return Decision.conflict("the namespace is locked by another owner");
    }
    if (!lock.owner().equals(owner)) {
      throw new MvException(ErrorCode.LOCK_GONE, "you no longer own the lock");
    }
    if (lock.rollingBack()) {
      throw new MvException(ErrorCode.LOCK_GONE, "the namespace is rolling back");
    }
    return null;
  }
}
