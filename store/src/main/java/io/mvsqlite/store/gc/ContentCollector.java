package io.mvsqlite.store.gc;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.keys.KeyCodec.ContentIndexValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content GC (reference §8.2, docs/gc.md): deletes page contents that nothing references any more,
 * with their content-index (CI) entry and delta referrer.
 *
 * <ol>
 *   <li>Take the namespace's task lock; {@code RAW_RV} = a fresh KV read version.
 *   <li>Remove expired, unpublished stagings with their staged entries, and expired transaction
 *       leases ({@link StagingJanitor}).
 *   <li>Collect the references ({@link ReferenceCollector}): staged entries, every page version,
 *       delta bases.
 *   <li>Scan the CI in batches of {@code gcScanBatchSize}; each batch is one fenced transaction
 *       that deletes content {@code h} only if all of these hold: {@code h} is not referenced;
 *       {@code now - ci.time >= gcFreshPageTtlSecs} (and {@code ci.time} is not in the future);
 *       {@code ci.vs <= RAW_RV}; and {@code ci.vs} is older than the start of the oldest live
 *       transaction lease ({@code LeaseManager.oldestLiveStart}, read in that transaction). The
 *       transaction adds a read conflict on each deleted CI key, so an upload or commit that
 *       touched it concurrently makes the deletion conflict, and clears the namespace's commit
 *       token, so a two-phase commit whose phase 1 checked the content fails its phase 2.
 * </ol>
 *
 * <p>A delete batch that keeps conflicting with concurrent writers (after the fence's retries) is
 * skipped and its garbage left for the next pass, as the reference does. A dry run takes no lock,
 * writes nothing and counts what a real run would delete. Progress reports the cumulative count
 * after each batch that deleted something.
 *
 * <p>Thread-safe (no state of its own); concurrent passes over one namespace exclude each other
 * through the task lock.
 */
public final class ContentCollector {

  /**
   * The task name of the per-namespace lock ({@code nstask(ns, "delete_unreferenced_content")}).
   */
  public static final String TASK = "delete_unreferenced_content";

  /** Default heap budget for an exact reference set (about half a million distinct hashes). */
  public static final long DEFAULT_EXACT_SET_BUDGET_BYTES = 64L << 20;

  private static final Logger log = LoggerFactory.getLogger(ContentCollector.class);

  private final StoreContext ctx;
  private final KeyCodec keys;
  private final ReferenceCollector references;
  private final StagingJanitor janitor;

  public ContentCollector(StoreContext ctx) {
    this(ctx, DEFAULT_EXACT_SET_BUDGET_BYTES);
  }

  /**
   * @param exactSetBudgetBytes heap the exact reference set may use before a Bloom filter replaces
   *     it
   */
  public ContentCollector(StoreContext ctx, long exactSetBudgetBytes) {
    this.ctx = ctx;
    this.keys = ctx.keys();
    this.references = new ReferenceCollector(ctx, exactSetBudgetBytes);
    this.janitor = new StagingJanitor(ctx);
  }

  /**
   * Runs one content GC pass over namespace {@code ns}.
   *
   * @param apply false for a dry run, which only counts
   * @param progress receives the cumulative count; an exception it throws stops the pass (the task
   *     lock is released)
   * @throws MvException {@link ErrorCode#TRANSIENT} if another content GC of {@code ns} is running
   *     or the task lock was lost
   */
  public ContentGcResult collect(Version ns, boolean apply, LongConsumer progress) {
    try (TaskFence fence = TaskFence.open(ctx, ns, TASK, apply)) {
      long rawRv = ctx.runner().run(ctx.kv(), KvTransaction::getReadVersion);
      Version rawLimit = Version.atReadVersion(rawRv);
      Set<ByteBuffer> stagings = janitor.removeExpiredStagings(fence, ns, apply);
      long leases = janitor.removeExpiredLeases(fence, ns, apply);
      ReferenceSet refs = references.collect(ns, stagings);
      Sweep sweep = sweep(fence, ns, refs, rawLimit, apply, progress);
      log.info(
          "content GC of {} ({}): {} contents, {} stagings, {} leases, {} batches skipped, {} references{}",
          ns.hex(),
          apply ? "applied" : "dry run",
          sweep.deleted(),
          stagings.size(),
          leases,
          sweep.skipped(),
          refs.collected(),
          refs instanceof ReferenceSet.Exact ? "" : " (Bloom filter)");
      return new ContentGcResult(
          sweep.deleted(),
          stagings.size(),
          leases,
          sweep.skipped(),
          refs instanceof ReferenceSet.Exact);
    }
  }

  private record Sweep(long deleted, long skipped) {}

  /** Scans the content index in batches and deletes what {@link #collectable} allows. */
  private Sweep sweep(
      TaskFence fence,
      Version ns,
      ReferenceSet refs,
      Version rawLimit,
      boolean apply,
      LongConsumer progress) {
    long deleted = 0;
    long skipped = 0;
    byte[][] range = keys.contentIndexRange(ns);
    int limit = ctx.config().gcScanBatchSize();
    byte[] cursor = range[0];
    while (true) {
      byte[] from = cursor;
      CiBatch batch;
      try {
        batch = fence.run(tr -> deleteBatch(tr, ns, from, range[1], limit, refs, rawLimit, apply));
      } catch (KvException e) {
        if (!e.isRetryable()) {
          throw e;
        }
        // Writers kept touching this batch's content; its garbage waits for the next pass.
        log.info(
            "content GC of {}: skipping a batch after repeated conflicts ({})",
            ns.hex(),
            e.error());
        skipped++;
        batch = ctx.runner().run(ctx.kv(), tr -> lastKeyOf(tr, from, range[1], limit));
      }
      if (batch.deleted() > 0) {
        deleted += batch.deleted();
        progress.accept(deleted);
      }
      if (batch.size() < limit) {
        return new Sweep(deleted, skipped);
      }
      cursor = Bytes.keyAfter(batch.lastKey());
    }
  }

  private record CiBatch(long deleted, int size, byte[] lastKey) {}

  private CiBatch deleteBatch(
      KvTransaction tr,
      Version ns,
      byte[] from,
      byte[] end,
      int limit,
      ReferenceSet refs,
      Version rawLimit,
      boolean apply) {
    List<KeyValue> kvs = tr.snapshot().getRange(from, end, limit, false);
    long now = ctx.nowSecs();
    Version oldestLease = ctx.leases().oldestLiveStart(tr.snapshot(), ns, now);
    List<PageHash> doomed = new ArrayList<>();
    for (KeyValue e : kvs) {
      PageHash h = keys.decodeContentIndexHash(e.key());
      if (collectable(h, e.value(), refs, now, rawLimit, oldestLease)) {
        doomed.add(h);
      }
    }
    if (apply && !doomed.isEmpty()) {
      for (PageHash h : doomed) {
        byte[] ci = keys.contentIndex(ns, h);
        tr.addReadConflictKey(ci);
        tr.clear(ci);
        tr.clear(keys.content(ns, h));
        tr.clear(keys.referrer(ns, h));
      }
      tr.clear(keys.commitToken(ns));
    }
    return new CiBatch(doomed.size(), kvs.size(), kvs.isEmpty() ? null : kvs.getLast().key());
  }

  private CiBatch lastKeyOf(KvTransaction tr, byte[] from, byte[] end, int limit) {
    List<KeyValue> kvs = tr.snapshot().getRange(from, end, limit, false);
    return new CiBatch(0, kvs.size(), kvs.isEmpty() ? null : kvs.getLast().key());
  }

  private boolean collectable(
      PageHash h,
      byte[] ciValue,
      ReferenceSet refs,
      long now,
      Version rawLimit,
      Version oldestLease) {
    if (refs.mightContain(h)) {
      return false;
    }
    ContentIndexValue ci;
    try {
      ci = KeyCodec.decodeContentIndexValue(ciValue);
    } catch (MvException e) {
      log.warn("content GC keeps {}: malformed content-index value", h.hex());
      return false;
    }
    if (ci.unixSecs() > now || now - ci.unixSecs() < ctx.config().gcFreshPageTtlSecs()) {
      return false;
    }
    if (ci.version().isAfter(rawLimit)) {
      return false;
    }
    return oldestLease == null || ci.version().isBefore(oldestLease);
  }
}
