package io.mvsqlite.store.commit;

import io.mvsqlite.kv.CommitResult;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.commit.CommitChecks.NamespaceState;
import io.mvsqlite.store.write.WriteApplier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Path 1 (docs/commit-protocol.md): the whole commit in one KV transaction, as reference §6.2
 * without multi-phase.
 *
 * <p>Every read comes first: namespaces, idempotency records, metadata, last-write versions, the
 * page-level checks and the content-index checks of uploaded hashes. Only then are the fast writes
 * applied (the write applier reads the content index of its own hashes and the delta base page,
 * then writes) and the commit's versionstamped entries written. So no key is read after this
 * transaction made it unreadable: in particular a hash that is both a fast write's delta base and
 * an uploaded entry is checked before the applier touches it (reference §16.15, where that
 * combination fails with FoundationDB error 1036 forever).
 *
 * <p>A single attempt: KV failures propagate and become {@code TRANSIENT}; the client retries with
 * the same idempotency key, and the idempotency record answers a retry of a commit that did land.
 * Thread-safe.
 */
final class SingleTransactionCommit {

  private final StoreContext ctx;
  private final CommitChecks checks;
  private final CommitWriter writer;

  SingleTransactionCommit(StoreContext ctx, CommitChecks checks, CommitWriter writer) {
    this.ctx = ctx;
    this.checks = checks;
    this.writer = writer;
  }

  Decision run(CommitPlan plan) {
    try (KvTransaction tr = ctx.newDataPlaneTransaction()) {
      Version readVersion = Version.atReadVersion(tr.getReadVersion());
      List<Version> ids = checks.resolve(tr, plan);
      List<NamespaceState> states = checks.readStates(tr, plan, ids, true);
      Decision early = checks.checkStates(plan, states, readVersion);
      if (early != null) {
        return early;
      }
      Decision pages = checks.checkPages(tr, plan, states);
      if (pages != null) {
        return pages;
      }
      List<Set<PageHash>> uploaded = new ArrayList<>();
      for (NamespacePlan ns : plan.namespaces()) {
        uploaded.add(ns.uploadedHashes());
      }
      Decision contents = checks.checkContents(tr, ids, uploaded);
      if (contents != null) {
        return contents;
      }
      List<Set<PageHash>> touched = applyFastWrites(tr, plan, ids);
      for (int i = 0; i < ids.size(); i++) {
        NamespacePlan ns = plan.namespaces().get(i);
        if (!ns.writes()) {
          continue;
        }
        Version id = ids.get(i);
        writer.writeEntries(tr, id, ns, false);
        Set<PageHash> toTouch = ns.distinctHashes();
        toTouch.removeAll(touched.get(i));
        writer.touchContents(tr, id, toTouch, false);
        writer.writeHead(tr, id, plan, ns);
      }
      CommitResult result = tr.commit();
      // Only check-only participants: nothing was written, and the checks hold at the read version.
      Version version =
          result.versionstamp() == null
              ? readVersion
              : new Version(result.versionstamp().toBytes());
      return new Decision.Committed(version, ids);
    }
  }

  /**
   * Applies each namespace's fast writes; returns, per namespace, the hashes whose content index it
   * touched.
   */
  private List<Set<PageHash>> applyFastWrites(
      KvTransaction tr, CommitPlan plan, List<Version> ids) {
    List<Set<PageHash>> touched = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      NamespacePlan ns = plan.namespaces().get(i);
      if (ns.fastWrites().isEmpty()) {
        touched.add(Set.of());
        continue;
      }
      WriteApplier applier = ctx.newWriteApplier(tr, ids.get(i));
      applier.apply(ns.fastWrites());
      touched.add(new HashSet<>(applier.touchedHashes()));
    }
    return touched;
  }
}
