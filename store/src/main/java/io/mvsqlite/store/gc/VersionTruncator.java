package io.mvsqlite.store.gc;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.keys.KeyCodec.PageKey;
import io.mvsqlite.store.meta.NamespaceHead;
import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Version truncation (reference §8.1, docs/gc.md): deletes the page versions that no read at or
 * after the watermark {@code before} can see, and makes reads below it fail with {@link
 * ErrorCode#VERSION_TRUNCATED}.
 *
 * <ol>
 *   <li><b>Clamp and watermark</b>, one transaction: {@code before = min(requested, rv||ffff, head,
 *       lock snapshot, every fork child's snapshot)}; the children (overlay_ref) are read with a
 *       read conflict so a concurrent fork conflicts, nsmd through the metadata cache (read
 *       conflict) so a concurrent lock acquisition conflicts. A real run raises {@code
 *       truncated_before} to {@code before} in the same transaction, then invalidates this
 *       process's {@link io.mvsqlite.store.read.ReadVersionCache} (older KV read versions do not
 *       see the watermark), so from then on reads below {@code before} through this engine are
 *       refused. Clamping to the head (not in the reference) deletes nothing less, since no version
 *       lies between the head and {@code rv||ffff}, but keeps the watermark from rising above the
 *       head, where reads at the head, which {@code /stat} hands out, would fail.
 *   <li><b>Page scan</b>, batches of {@code gcScanBatchSize} page-index keys, each in its own
 *       fenced transaction; the last key of a batch is read again as the first of the next, so
 *       pairs spanning batches are compared. Of two adjacent versions {@code k < next} of one page,
 *       {@code k} is deleted iff {@code next <= before}: the newest version at or before {@code
 *       before} and everything after it stay.
 *   <li><b>Changelog</b> entries older than {@code before} are cleared; the one at {@code before}
 *       stays, so intervals starting there still work.
 *   <li><b>Idempotency records</b> of commits older than {@code before} are deleted, in batches.
 * </ol>
 *
 * <p>A dry run ({@code apply = false}) counts the same versions and writes nothing: no watermark,
 * no changelog or idempotency clean-up (the reference cleared the changelog even then, §16.1).
 * Staged commits: the {@code b} records and {@code s} entries of published, unmerged staged commits
 * are never touched; docs/gc.md explains why reads at or after {@code before} stay unchanged while
 * they are merged concurrently.
 *
 * <p>Progress reports the cumulative number of page versions deleted after each batch that deleted
 * some. Thread-safe (no state of its own); concurrent truncations of one namespace exclude each
 * other through the task lock.
 */
public final class VersionTruncator {

  /** The task name of the per-namespace lock ({@code nstask(ns, "truncate_versions")}). */
  public static final String TASK = "truncate_versions";

  private static final Logger log = LoggerFactory.getLogger(VersionTruncator.class);

  private final StoreContext ctx;
  private final KeyCodec keys;

  public VersionTruncator(StoreContext ctx) {
    this.ctx = ctx;
    this.keys = ctx.keys();
  }

  /**
   * Truncates namespace {@code ns} below {@code requested} (clamped as described above).
   *
   * @param apply false for a dry run, which only counts
   * @param progress receives the cumulative count; an exception it throws stops the task (the task
   *     lock is released)
   * @throws MvException {@link ErrorCode#TRANSIENT} if another truncation of {@code ns} is running
   *     or the task lock was lost; {@link ErrorCode#NAMESPACE_NOT_FOUND} if the namespace vanished
   */
  public TruncationResult truncate(
      Version ns, Version requested, boolean apply, LongConsumer progress) {
    try (TaskFence fence = TaskFence.open(ctx, ns, TASK, apply)) {
      Clamp clamp;
      try {
        clamp = fence.run(tr -> clampAndMark(tr, ns, requested, apply));
      } finally {
        if (apply) {
          // Before anyone can learn of the new watermark (progress, the answer): this process's
          // cached read versions
          // predate it and would let reads below it succeed. Also after a failure, which may hide a
          // commit.
          ctx.readVersions().invalidateAll();
        }
      }
      Version before = clamp.before();
      long versions = deletePageVersions(fence, ns, before, apply, progress);
      if (apply) {
        fence.run(
            tr -> {
              tr.clearRange(keys.changelog(ns, Version.ZERO), keys.changelog(ns, before));
              return null;
            });
      }
      long idempotency = deleteIdempotencyRecords(fence, ns, before, apply);
      log.info(
          "truncation of {} below {} ({}): {} page versions, {} idempotency records",
          ns.hex(),
          before.hex(),
          apply ? "applied" : "dry run",
          versions,
          idempotency);
      return new TruncationResult(before, versions, idempotency, clamp.watermarkRaised());
    }
  }

  private record Clamp(Version before, boolean watermarkRaised) {}

  private Clamp clampAndMark(KvTransaction tr, Version ns, Version requested, boolean apply) {
    NamespaceMetadata md = ctx.metadata().find(tr, ns);
    if (md == null) {
      throw new MvException(ErrorCode.NAMESPACE_NOT_FOUND, "this key does not exist");
    }
    Version before = Version.min(requested, Version.atReadVersion(tr.getReadVersion()));
    before = Version.min(before, NamespaceHead.read(tr.snapshot(), keys, ns));
    if (md.lock() != null) {
      before = Version.min(before, md.lock().snapshotVersion());
    }
    byte[][] children = keys.overlayRefRange(ns);
    for (KeyValue child : tr.getRange(children[0], children[1])) {
      before = Version.min(before, KeyCodec.decodeOverlayRefSnapshot(child.value()));
    }
    boolean raise = apply && (md.truncatedBefore() == null || before.isAfter(md.truncatedBefore()));
    if (raise) {
      ctx.metadata().put(tr, ns, md.withTruncatedBefore(before));
    }
    return new Clamp(before, raise);
  }

  private record PageBatch(long deleted, int size, byte[] lastKey) {}

  private long deletePageVersions(
      TaskFence fence, Version ns, Version before, boolean apply, LongConsumer progress) {
    byte[][] range = keys.pageIndexRange(ns);
    // Two keys at least: with one, the re-read last key would be the whole batch and the scan would
    // never advance.
    int limit = Math.max(2, ctx.config().gcScanBatchSize());
    byte[] cursor = range[0];
    long deleted = 0;
    while (true) {
      byte[] from = cursor;
      PageBatch batch =
          fence.run(
              tr -> {
                List<KeyValue> kvs = tr.snapshot().getRange(from, range[1], limit, false);
                long n = 0;
                for (int i = 0; i + 1 < kvs.size(); i++) {
                  PageKey k = keys.decodePage(kvs.get(i).key());
                  PageKey next = keys.decodePage(kvs.get(i + 1).key());
                  if (k.pageIndex() == next.pageIndex() && !next.version().isAfter(before)) {
                    if (apply) {
                      tr.clear(kvs.get(i).key());
                    }
                    n++;
                  }
                }
                return new PageBatch(n, kvs.size(), kvs.isEmpty() ? null : kvs.getLast().key());
              });
      if (batch.deleted() > 0) {
        deleted += batch.deleted();
        progress.accept(deleted);
      }
      if (batch.size() < limit) {
        return deleted;
      }
      cursor = batch.lastKey();
    }
  }

  private long deleteIdempotencyRecords(
      TaskFence fence, Version ns, Version before, boolean apply) {
    byte[][] range = keys.idempotencyRange(ns);
    int limit = ctx.config().gcScanBatchSize();
    byte[] cursor = range[0];
    long deleted = 0;
    while (true) {
      byte[] from = cursor;
      PageBatch batch =
          fence.run(
              tr -> {
                List<KeyValue> kvs = tr.snapshot().getRange(from, range[1], limit, false);
                long n = 0;
                for (KeyValue e : kvs) {
                  if (isOlderThan(e, before)) {
                    if (apply) {
                      tr.clear(e.key());
                    }
                    n++;
                  }
                }
                return new PageBatch(n, kvs.size(), kvs.isEmpty() ? null : kvs.getLast().key());
              });
      deleted += batch.deleted();
      if (batch.size() < limit) {
        return deleted;
      }
      cursor = Bytes.keyAfter(batch.lastKey());
    }
  }

  private static boolean isOlderThan(KeyValue record, Version before) {
    try {
      return KeyCodec.decodeIdempotencyVersion(record.value()).isBefore(before);
    } catch (MvException e) {
      log.warn("keeping a malformed idempotency record {}", Bytes.hex(record.key()));
      return false;
    }
  }
}
