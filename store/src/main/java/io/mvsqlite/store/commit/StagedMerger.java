package io.mvsqlite.store.commit;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvFutures;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.meta.DistributedLock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The merge step of a staged commit (docs/commit-protocol.md, path 3): copies the staged entries of
 * a published staged commit {@code b(vs) = commit_id} into the page index as {@code page(ns, p,
 * vs)}, chunk by chunk, then finishes it in one transaction that removes {@code b(vs)} and the
 * staged entries, decrements {@code nsmd.staged_commits} and clears the namespace's {@code
 * stagedns} marker when none is left.
 *
 * <p>Every copy transaction first checks, with read conflicts, that {@code b(vs)} still names this
 * commit and that the namespace is not rolling back; otherwise the merge stops ({@link
 * Result#GONE}: finished by someone else or removed by a rollback; {@link Result#PAUSED}: a
 * rollback is in progress, the background merger resumes later). Copies are plain sets of the same
 * key and value whoever writes them, so two mergers of one commit (the committing server and a
 * background merger) are harmless: the finishing transaction reads {@code b(vs)} with a read
 * conflict, so only one of them finishes, and only after it copied every entry itself.
 *
 * <p>Used by the commit path right after publishing (chunks known, several at once) and by the
 * {@link BackgroundMerger} (resuming after a crash, sequentially through the staged range). Each
 * transaction is retried by the runner. Thread-safe.
 */
public final class StagedMerger {

  /** The per-namespace task lock that claims merging ({@code nstask(ns, "merge_staged")}). */
  public static final String TASK = "merge_staged";

  private static final Logger log = LoggerFactory.getLogger(StagedMerger.class);

  /** How a merge ended. */
  public enum Result {
    /** Every entry copied and the staged commit finished. */
    MERGED,
    /**
     * The staged commit is no longer published: another merger finished it, or a rollback removed
     * it.
     */
    GONE,
    /** The namespace is rolling back; merging resumes after it. */
    PAUSED,
    /** Stopped on request (the engine is closing). */
    CANCELLED
  }

  private enum CopyStatus {
    COPIED,
    GONE,
    PAUSED
  }

  private record Copy(CopyStatus status, int count, byte[] lastKey) {}

  private final StoreContext ctx;
  private final KeyCodec keys;
  private final CommitWriter writer;

  public StagedMerger(StoreContext ctx) {
    this.ctx = ctx;
    this.keys = ctx.keys();
    this.writer = new CommitWriter(ctx);
  }

  /**
   * Merges a commit just published, whose staged pages are known (sorted, distinct): chunks of
   * {@code stagedChunkPages} pages, several at once, then the finish.
   */
  Result mergePublished(Version ns, Version vs, byte[] commitId, int[] pages, CommitHooks hooks) {
    int size = ctx.config().stagedChunkPages();
    int chunks = (pages.length + size - 1) / size;
    Copy stopped =
        ParallelChunks.run(
            ctx.executor(),
            chunks,
            StagingChunks.PARALLELISM,
            j -> {
              int first = j * size;
              int last = Math.min(pages.length, first + size) - 1;
              byte[] from = keys.stagedEntry(ns, commitId, pages[first]);
              byte[] to = Bytes.keyAfter(keys.stagedEntry(ns, commitId, pages[last]));
              Copy copy = copy(ns, vs, commitId, from, to, 0);
              if (copy.status() == CopyStatus.COPIED) {
                hooks.afterMergeChunk(ns, vs, j);
              }
              return copy;
            },
            c -> c.status() != CopyStatus.COPIED);
    if (stopped != null) {
      return stopped.status() == CopyStatus.GONE ? Result.GONE : Result.PAUSED;
    }
    return finish(ns, vs, commitId);
  }

  /**
   * Merges a published staged commit whatever its pages, walking its staged range in order: the
   * background merger's way. {@code cancelled} is checked between chunks.
   */
  public Result mergeAll(Version ns, Version vs, byte[] commitId, BooleanSupplier cancelled) {
    byte[][] range = keys.stagedEntriesRange(ns, commitId);
    int limit = ctx.config().stagedChunkPages();
    byte[] cursor = range[0];
    while (true) {
      if (cancelled.getAsBoolean()) {
        return Result.CANCELLED;
      }
      Copy copy = copy(ns, vs, commitId, cursor, range[1], limit);
      if (copy.status() != CopyStatus.COPIED) {
        return copy.status() == CopyStatus.GONE ? Result.GONE : Result.PAUSED;
      }
      if (copy.count() < limit) {
        return finish(ns, vs, commitId);
      }
      cursor = Bytes.keyAfter(copy.lastKey());
    }
  }

  /**
   * Takes the namespace's merge lock if it is free, or returns {@code null}. The lock only avoids
   * duplicate work (merging is safe without it); the caller closes it.
   */
  DistributedLock claim(Version ns) {
    DistributedLock lock =
        new DistributedLock(
            ctx.kv(),
            keys.nstask(ns, TASK),
            ctx.clock(),
            DistributedLock.DEFAULT_TTL,
            DistributedLock.DEFAULT_RENEW_INTERVAL,
            TASK + "-" + ns.hex());
    try {
      if (lock.tryLock()) {
        return lock;
      }
    } catch (RuntimeException e) {
      log.debug("could not take the merge lock of {}: {}", ns.hex(), e.toString());
    }
    lock.close();
    return null;
  }

  /**
   * Repairs a namespace marked as having staged commits that has none published: resets {@code
   * staged_commits} and clears the marker (both only if still so, read with read conflicts).
   */
  void clearStaleMarker(Version ns) {
    ctx.runner()
        .run(
            ctx.kv(),
            tr -> {
              byte[][] published = keys.stagedCommitRange(ns);
              if (!tr.getRange(published[0], published[1], 1, false).isEmpty()) {
                return null;
              }
              NamespaceMetadata md = ctx.metadata().find(tr, ns);
              if (md != null && md.stagedCommits() != 0) {
                ctx.metadata().put(tr, ns, md.withStagedCommits(0));
              }
              tr.clear(keys.stagedNamespace(ns));
              return null;
            });
  }

  private Copy copy(Version ns, Version vs, byte[] commitId, byte[] from, byte[] to, int limit) {
    return ctx.runner()
        .run(
            ctx.kv(),
            tr -> {
              CopyStatus status = checkPublished(tr, ns, vs, commitId);
              if (status != CopyStatus.COPIED) {
                return new Copy(status, 0, null);
              }
              List<KeyValue> entries = tr.snapshot().getRange(from, to, limit, false);
              Set<PageHash> hashes = new LinkedHashSet<>();
              for (KeyValue e : entries) {
                if (e.value().length != PageHash.LENGTH) {
                  throw new MvException(
                      ErrorCode.DATA_CORRUPT, "a staged entry holds a malformed content hash");
                }
                tr.set(keys.page(ns, keys.decodeStagedEntryPage(e.key()), vs), e.value());
                hashes.add(new PageHash(e.value()));
              }
              writer.touchContents(tr, ns, hashes, false);
              return new Copy(
                  CopyStatus.COPIED,
                  entries.size(),
                  entries.isEmpty() ? null : entries.getLast().key());
            });
  }

  private Result finish(Version ns, Version vs, byte[] commitId) {
    return ctx.runner()
        .run(
            ctx.kv(),
            tr -> {
              CopyStatus status = checkPublished(tr, ns, vs, commitId);
              if (status != CopyStatus.COPIED) {
                return status == CopyStatus.GONE ? Result.GONE : Result.PAUSED;
              }
              NamespaceMetadata md = ctx.metadata().get(tr, ns);
              byte[][] entries = keys.stagedEntriesRange(ns, commitId);
              tr.clear(keys.stagedCommit(ns, vs));
              tr.clearRange(entries[0], entries[1]);
              int left = Math.max(0, md.stagedCommits() - 1);
              if (left == 0) {
                tr.clear(keys.stagedNamespace(ns));
              }
              ctx.metadata().put(tr, ns, md.withStagedCommits(left));
              log.debug("staged commit {} of namespace {} merged", vs, ns.hex());
              return Result.MERGED;
            });
  }

  /**
   * Whether {@code b(vs)} still names {@code commitId} and no rollback runs (both read with read
   * conflicts).
   */
  private CopyStatus checkPublished(KvTransaction tr, Version ns, Version vs, byte[] commitId) {
    CompletableFuture<byte[]> published = tr.getAsync(keys.stagedCommit(ns, vs));
    NamespaceMetadata md = ctx.metadata().get(tr, ns);
    if (!Arrays.equals(KvFutures.join(published), commitId)) {
      return CopyStatus.GONE;
    }
    return md.lock() != null && md.lock().rollingBack() ? CopyStatus.PAUSED : CopyStatus.COPIED;
  }
}
