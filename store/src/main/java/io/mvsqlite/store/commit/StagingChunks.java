package io.mvsqlite.store.commit;

import io.mvsqlite.kv.KvFutures;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.keys.KeyCodec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage step of a staged commit (docs/commit-protocol.md, path 3): writes the staged entries
 * {@code s(commit_id, page) = hash} of every namespace in chunks of {@code stagedChunkPages}, each
 * chunk one short KV transaction run by the retry runner, several chunks at once. And the discard
 * of a staging that will never be published.
 *
 * <p>Each chunk, in one transaction: reads the staging record {@code i(commit_id)} with a read
 * conflict (absent: the staging was collected, or another attempt of the same commit published or
 * discarded it; the idempotency record tells which); checks its share of the referenced hashes in
 * the content index (read conflicts; missing &rArr; bad page reference); writes its staged entries;
 * touches the content index of its share; and renews {@code i}'s expiry. The shares cover every
 * hash, the fast writes' too: the begin transaction stored those, but nothing referenced them until
 * a chunk writes their staged entries, so content GC may have collected them in between (a chunk
 * finds that, and the commit is refused cleanly). Once a chunk committed, its staged entries
 * reference the hashes (content GC keeps what staged entries reference) and its touches are newer
 * than any GC pass that started before.
 *
 * <p>Two parallel chunks must not conflict with each other, or staging would retry itself to death:
 *
 * <ul>
 *   <li>each distinct hash is checked and touched by exactly one chunk of its namespace (the one
 *       holding its first entry): a hash shared by chunks would be read by one and written by
 *       another;
 *   <li>the renewal of {@code i} is written without a write conflict range: every chunk reads
 *       {@code i}. Content GC still conflicts with a chunk (it clears {@code i}, with a write
 *       conflict range, and the chunk read it); a GC pass that read {@code i} as expired before a
 *       renewal may still remove the staging, which then fails the publish (never a partial
 *       publish: GC removes {@code i} and all staged entries in one transaction).
 * </ul>
 *
 * <p>A chunk is idempotent: a retried chunk (also after an unknown commit result) writes the same
 * keys and values. Thread-safe.
 */
final class StagingChunks {

  /** Chunks staged at once. */
  static final int PARALLELISM = 4;

  private static final Logger log = LoggerFactory.getLogger(StagingChunks.class);

  /** How a chunk (or the whole stage step) ended. */
  sealed interface Result {
    /** Written. */
    record Staged() implements Result {}

    /**
     * The staging record is gone and nothing was published: collected after expiry, or discarded.
     */
    record Gone() implements Result {}

    /** Another attempt of the same commit published it, at {@code version}. */
    record Published(Version version) implements Result {}

    /** A referenced hash is not in the content index. */
    record Missing(PageHash hash) implements Result {}
  }

  private static final Result STAGED = new Result.Staged();

  /**
   * One chunk: entries {@code [from, to)} of namespace {@code ns}, and the hashes it checks and
   * touches.
   */
  private record Chunk(Version id, NamespacePlan ns, int from, int to, Set<PageHash> owned) {}

  private final StoreContext ctx;
  private final CommitWriter writer;
  private final KeyCodec keys;

  StagingChunks(StoreContext ctx, CommitWriter writer) {
    this.ctx = ctx;
    this.writer = writer;
    this.keys = ctx.keys();
  }

  /**
   * Stages every entry of every written namespace; {@link Result.Staged} when all chunks were
   * written.
   */
  Result stage(CommitPlan plan, List<Version> ids) {
    List<Chunk> chunks = chunks(plan, ids);
    byte[] commitId = plan.commitId();
    Result stopped =
        ParallelChunks.run(
            ctx.executor(),
            chunks.size(),
            PARALLELISM,
            i -> ctx.runner().run(ctx.kv(), tr -> stageChunk(tr, plan, commitId, chunks.get(i))),
            r -> !(r instanceof Result.Staged));
    return stopped == null ? STAGED : stopped;
  }

  /**
   * Removes the staging of a commit that will not be published (its staged entries and {@code i}),
   * unless an attempt of the same commit published it meanwhile (its idempotency record is read
   * with a read conflict). Best effort: failures are logged; content GC removes stagings left
   * behind once they expire.
   */
  void discard(CommitPlan plan, List<Version> ids) {
    byte[] commitId = plan.commitId();
    try {
      ctx.runner()
          .run(
              ctx.kv(),
              tr -> {
                for (int i = 0; i < ids.size(); i++) {
                  NamespacePlan ns = plan.namespaces().get(i);
                  if (ns.writes()
                      && tr.get(keys.idempotency(ids.get(i), plan.idempotencyKey())) != null) {
                    return null;
                  }
                }
                for (int i = 0; i < ids.size(); i++) {
                  if (staged(plan.namespaces().get(i))) {
                    byte[][] entries = keys.stagedEntriesRange(ids.get(i), commitId);
                    tr.clearRange(entries[0], entries[1]);
                    tr.clear(keys.staging(ids.get(i), commitId));
                  }
                }
                return null;
              });
    } catch (RuntimeException e) {
      log.warn(
          "could not discard the staging of commit {}; content GC removes it once it expires: {}",
          plan.idempotencyKey(),
          e.toString());
    }
  }

  /** Whether the staged path stages entries for {@code ns}. */
  static boolean staged(NamespacePlan ns) {
    return ns.writes() && ns.hasEntries();
  }

  private Result stageChunk(KvTransaction tr, CommitPlan plan, byte[] commitId, Chunk c) {
    byte[] stagingKey = keys.staging(c.id(), commitId);
    CompletableFuture<byte[]> staging = tr.getAsync(stagingKey);
    List<PageHash> owned = new ArrayList<>(c.owned());
    List<CompletableFuture<byte[]>> index = new ArrayList<>(owned.size());
    for (PageHash h : owned) {
      index.add(tr.getAsync(keys.contentIndex(c.id(), h)));
    }
    boolean alive = KvFutures.join(staging) != null;
    PageHash missing = null;
    for (int i = 0; i < owned.size(); i++) {
      if (KvFutures.join(index.get(i)) == null && missing == null) {
        missing = owned.get(i);
      }
    }
    if (!alive) {
      byte[] record = tr.get(keys.idempotency(c.id(), plan.idempotencyKey()));
      return record == null
          ? new Result.Gone()
          : new Result.Published(KeyCodec.decodeIdempotencyVersion(record));
    }
    if (missing != null) {
      return new Result.Missing(missing);
    }
    int[] pages = c.ns().pages();
    PageHash[] hashes = c.ns().hashes();
    for (int i = c.from(); i < c.to(); i++) {
      tr.set(keys.stagedEntry(c.id(), commitId, pages[i]), hashes[i].bytes());
    }
    writer.touchContents(tr, c.id(), owned, false);
    tr.setNextWriteNoWriteConflictRange();
    tr.set(stagingKey, KeyCodec.stagingValue(stagingExpiry()));
    return STAGED;
  }

  /** The expiry a staging record gets when written or renewed: now plus the lease TTL. */
  long stagingExpiry() {
    return ctx.nowSecs() + ctx.config().leaseTtlSecs();
  }

  private List<Chunk> chunks(CommitPlan plan, List<Version> ids) {
    int size = ctx.config().stagedChunkPages();
    List<Chunk> out = new ArrayList<>();
    for (int n = 0; n < ids.size(); n++) {
      NamespacePlan ns = plan.namespaces().get(n);
      if (!staged(ns)) {
        continue;
      }
      // Fast writes included: the begin transaction stored them, but content GC may have collected
      // them since.
      Set<PageHash> seen = new HashSet<>();
      PageHash[] hashes = ns.hashes();
      for (int from = 0; from < hashes.length; from += size) {
        int to = Math.min(hashes.length, from + size);
        Set<PageHash> owned = new LinkedHashSet<>();
        for (int i = from; i < to; i++) {
          if (seen.add(hashes[i])) {
            owned.add(hashes[i]);
          }
        }
        out.add(new Chunk(ids.get(n), ns, from, to, owned));
      }
    }
    return out;
  }
}
