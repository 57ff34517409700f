package io.mvsqlite.store.commit;

import io.mvsqlite.kv.CommitResult;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvFutures;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.commit.CommitChecks.NamespaceState;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.meta.DistributedLock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Path 3 (docs/commit-protocol.md): a commit too large for any single KV transaction, written over
 * many short ones and made visible by one.
 *
 * <ol>
 *   <li><b>Begin</b>: namespaces, idempotency, lock rules, an early namespace-level check, the fast
 *       writes, and the staging record {@code i(commit_id) = expiry} of each namespace with entries
 *       (commit_id = the idempotency key, so a retried request re-stages the same keys).
 *   <li><b>Stage</b>: {@link StagingChunks}.
 *   <li><b>Publish</b> (one small transaction, the commit point): every check again with read
 *       conflicts, {@code i} must still exist, then {@code b(<vs>) = commit_id}, {@code
 *       nsmd.staged_commits + 1} (bumping the metadata version), the {@code stagedns} marker,
 *       {@code i} cleared, and the head of every namespace (last-write version, changelog,
 *       idempotency record, lease release). Its size does not depend on the page count.
 *   <li><b>Merge</b>: {@link StagedMerger}, before answering. A merge that fails after the publish
 *       does not fail the commit (it is committed): the background merger finishes it.
 * </ol>
 *
 * <p>Begin, each chunk and publish are retried by the runner: each is idempotent, and publish
 * checks the idempotency record first, so an unknown result followed by a retry answers the version
 * that landed. A conflict or a bad page reference discards the staging (best effort). A staging
 * that disappeared (collected by content GC after it expired) answers a bad page reference: the
 * request cannot be completed, the client must retry its transaction. Thread-safe.
 */
final class StagedCommit {

  private static final Logger log = LoggerFactory.getLogger(StagedCommit.class);

  private static final String STAGING_GONE =
      "the staging of this commit expired and was collected before it was published; retry the transaction";

  private final StoreContext ctx;
  private final CommitChecks checks;
  private final CommitWriter writer;
  private final StagingChunks chunks;
  private final StagedMerger merger;
  private final CommitHooks hooks;
  private final KeyCodec keys;

  StagedCommit(StoreContext ctx, CommitChecks checks, CommitWriter writer, CommitHooks hooks) {
    this.ctx = ctx;
    this.checks = checks;
    this.writer = writer;
    this.chunks = new StagingChunks(ctx, writer);
    this.merger = new StagedMerger(ctx);
    this.hooks = hooks;
    this.keys = ctx.keys();
  }

  /**
   * The begin transaction's answer: a decision already taken, or the resolved ids to go on with.
   */
  private record Begun(Decision decided, List<Version> ids) {}

  Decision run(CommitPlan plan) {
    Begun begun = ctx.runner().run(ctx.kv(), tr -> begin(tr, plan));
    if (begun.decided() != null) {
      return begun.decided();
    }
    List<Version> ids = begun.ids();
    StagingChunks.Result staged = chunks.stage(plan, ids);
    switch (staged) {
      case StagingChunks.Result.Staged s -> hooks.afterStaging(plan.idempotencyKey());
      case StagingChunks.Result.Published p -> {
        return new Decision.Committed(p.version(), ids);
      }
      case StagingChunks.Result.Gone g -> {
        return Decision.badReference(STAGING_GONE);
      }
      case StagingChunks.Result.Missing m -> {
        chunks.discard(plan, ids);
        return Decision.badReference(
            "page content "
                + m.hash().hex()
                + " was never uploaded to its namespace, or was collected");
      }
    }
    Decision published = ctx.runner().runWithCommit(ctx.kv(), tr -> publish(tr, plan, ids));
    if (!(published instanceof Decision.Committed committed)) {
      if (published instanceof Decision.Rejected r
          && r.outcome() instanceof CommitOutcome.Conflict) {
        chunks.discard(plan, ids);
      }
      return published;
    }
    hooks.afterPublish(committed.version());
    mergeNow(plan, ids, committed.version());
    return committed;
  }

  private Begun begin(KvTransaction tr, CommitPlan plan) {
    Version readVersion = Version.atReadVersion(tr.getReadVersion());
    List<Version> ids = checks.resolve(tr, plan);
    Decision early = checks.checkStates(plan, checks.readStates(tr, plan, ids, false), readVersion);
    if (early != null) {
      return new Begun(early, ids);
    }
    long expiry = chunks.stagingExpiry();
    for (int i = 0; i < ids.size(); i++) {
      NamespacePlan ns = plan.namespaces().get(i);
      if (!ns.fastWrites().isEmpty()) {
        ctx.newWriteApplier(tr, ids.get(i)).apply(ns.fastWrites());
      }
      if (StagingChunks.staged(ns)) {
        tr.set(keys.staging(ids.get(i), plan.commitId()), KeyCodec.stagingValue(expiry));
      }
    }
    return new Begun(null, ids);
  }

  /**
   * The publish transaction; commits itself when it publishes, answers without writing otherwise.
   */
  private Decision publish(KvTransaction tr, CommitPlan plan, List<Version> ids) {
    Version readVersion = Version.atReadVersion(tr.getReadVersion());
    if (!checks.resolve(tr, plan).equals(ids)) {
      throw new MvException(
          ErrorCode.NAMESPACE_NOT_FOUND,
          "namespace not found: it was deleted or renamed during the commit");
    }
    List<NamespaceState> states = checks.readStates(tr, plan, ids, true);
    List<CompletableFuture<byte[]>> stagings = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      boolean staged = StagingChunks.staged(plan.namespaces().get(i));
      stagings.add(staged ? tr.getAsync(keys.staging(ids.get(i), plan.commitId())) : null);
    }
    Decision verdict = checks.checkStates(plan, states, readVersion);
    boolean gone = false;
    for (CompletableFuture<byte[]> s : stagings) {
      gone |= s != null && KvFutures.join(s) == null;
    }
    if (verdict != null) {
      return verdict;
    }
    if (gone) {
      return Decision.badReference(STAGING_GONE);
    }
    for (int i = 0; i < ids.size(); i++) {
      NamespacePlan ns = plan.namespaces().get(i);
      if (!ns.writes()) {
        continue;
      }
      Version id = ids.get(i);
      if (StagingChunks.staged(ns)) {
        tr.mutate(
            MutationType.SET_VERSIONSTAMPED_KEY, keys.stagedCommitTemplate(id), plan.commitId());
        tr.clear(keys.staging(id, plan.commitId()));
        tr.set(keys.stagedNamespace(id), new byte[0]);
        NamespaceMetadata md = states.get(i).metadata();
        ctx.metadata().put(tr, id, md.withStagedCommits(md.stagedCommits() + 1));
      }
      writer.writeHead(tr, id, plan, ns);
    }
    CommitResult result = tr.commit();
    return new Decision.Committed(new Version(result.versionstamp().toBytes()), ids);
  }

  /**
   * Merges every namespace of a commit just published; failures are left to the background merger.
   */
  private void mergeNow(CommitPlan plan, List<Version> ids, Version version) {
    for (int i = 0; i < ids.size(); i++) {
      NamespacePlan ns = plan.namespaces().get(i);
      if (!StagingChunks.staged(ns)) {
        continue;
      }
      Version id = ids.get(i);
      DistributedLock claim = merger.claim(id);
      try {
        StagedMerger.Result result =
            merger.mergePublished(id, version, plan.commitId(), ns.pages(), hooks);
        log.debug("merge of staged commit {} in {}: {}", version, id.hex(), result);
      } catch (KvException | MvException e) {
        log.warn(
            "merging staged commit {} of namespace {} failed; the background merger finishes it: {}",
            version,
            id.hex(),
            e.toString());
      } finally {
        if (claim != null) {
          claim.close();
        }
      }
    }
  }
}
