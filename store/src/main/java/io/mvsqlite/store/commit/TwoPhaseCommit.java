package io.mvsqlite.store.commit;

import io.mvsqlite.kv.KvFutures;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.commit.CommitChecks.NamespaceState;
import io.mvsqlite.store.keys.KeyCodec;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Path 2 (docs/commit-protocol.md): the reference's multi-phase commit (§6.2, §6.5, §8.2), for
 * commits too large for path 1's per-page conflict ranges.
 *
 * <ul>
 *   <li><b>Phase 1</b> (one KV transaction): namespaces, idempotency, lock rules and an early
 *       namespace-level check (snapshot reads: advisory, phase 2 decides), the content-index check
 *       of every uploaded hash (with read conflicts), the fast writes, and a fresh random
 *       <em>commit token</em> in each written namespace.
 *   <li><b>Phase 2</b> (one KV transaction at phase 1's commit version): the tokens are read with
 *       read conflicts and must still be this commit's (content GC clears them when it deletes
 *       content, so a phase 2 that raced with GC fails with a retryable error instead of publishing
 *       a reference GC just deleted); then every check again, namespace-wide (page-level checks are
 *       off on this path), and the publication: index entries and content touches without per-key
 *       write conflict ranges, plus two namespace-wide write conflict ranges (the page index and
 *       the content index), last-write version, changelog, idempotency record, lease release, token
 *       cleared.
 * </ul>
 *
 * <p>Phase 2 carries about 130 bytes per page (≈ 3.3 MB at 25,000 pages), well under FoundationDB's
 * 10 MB. A single attempt: a lost token is {@link ErrorCode#TRANSIENT} ("commit interrupted before
 * phase 2"), KV failures propagate. Thread-safe.
 */
final class TwoPhaseCommit {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int TOKEN_BYTES = 16;

  private final StoreContext ctx;
  private final CommitChecks checks;
  private final CommitWriter writer;
  private final CommitHooks hooks;
  private final KeyCodec keys;

  TwoPhaseCommit(StoreContext ctx, CommitChecks checks, CommitWriter writer, CommitHooks hooks) {
    this.ctx = ctx;
    this.checks = checks;
    this.writer = writer;
    this.hooks = hooks;
    this.keys = ctx.keys();
  }

  Decision run(CommitPlan plan) {
    byte[] token = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(token);
    long phaseOneVersion;
    List<Version> ids;
    try (KvTransaction tr = ctx.newDataPlaneTransaction()) {
      Version readVersion = Version.atReadVersion(tr.getReadVersion());
      ids = checks.resolve(tr, plan);
      Decision early =
          checks.checkStates(plan, checks.readStates(tr, plan, ids, false), readVersion);
      if (early != null) {
        return early;
      }
      List<Set<PageHash>> uploaded = new ArrayList<>();
      for (NamespacePlan ns : plan.namespaces()) {
        uploaded.add(ns.uploadedHashes());
      }
      Decision contents = checks.checkContents(tr, ids, uploaded);
      if (contents != null) {
        return contents;
      }
      for (int i = 0; i < ids.size(); i++) {
        NamespacePlan ns = plan.namespaces().get(i);
        if (!ns.fastWrites().isEmpty()) {
          ctx.newWriteApplier(tr, ids.get(i)).apply(ns.fastWrites());
        }
        if (ns.writes()) {
          tr.set(keys.commitToken(ids.get(i)), token);
        }
      }
      phaseOneVersion = tr.commit().version();
    }
    hooks.afterFirstPhase(plan.idempotencyKey());
    try (KvTransaction tr = ctx.newDataPlaneTransaction()) {
      tr.setReadVersion(phaseOneVersion);
      Version readVersion = Version.atReadVersion(phaseOneVersion);
      List<CompletableFuture<byte[]>> tokens = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        tokens.add(
            plan.namespaces().get(i).writes() ? tr.getAsync(keys.commitToken(ids.get(i))) : null);
      }
      List<Version> again = checks.resolve(tr, plan);
      if (!again.equals(ids)) {
        throw new MvException(
            ErrorCode.NAMESPACE_NOT_FOUND,
            "namespace not found: it was deleted or renamed during the commit");
      }
      List<NamespaceState> states = checks.readStates(tr, plan, ids, true);
      for (CompletableFuture<byte[]> t : tokens) {
        if (t != null && !MessageDigest.isEqual(token, KvFutures.join(t))) {
          throw new MvException(
              ErrorCode.TRANSIENT,
              "commit interrupted before phase 2 (content GC or a concurrent large commit of the namespace); retry");
        }
      }
      Decision verdict = checks.checkStates(plan, states, readVersion);
      if (verdict != null) {
        return verdict;
      }
      for (int i = 0; i < ids.size(); i++) {
        NamespacePlan ns = plan.namespaces().get(i);
        if (!ns.writes()) {
          continue;
        }
        Version id = ids.get(i);
        writer.writeEntries(tr, id, ns, true);
        writer.touchContents(tr, id, ns.distinctHashes(), true);
        byte[][] index = keys.pageIndexRange(id);
        tr.addWriteConflictRange(index[0], index[1]);
        byte[][] contents = keys.contentIndexRange(id);
        tr.addWriteConflictRange(contents[0], contents[1]);
        writer.writeHead(tr, id, plan, ns);
        tr.clear(keys.commitToken(id));
      }
      return new Decision.Committed(new Version(tr.commit().versionstamp().toBytes()), ids);
    }
  }
}
