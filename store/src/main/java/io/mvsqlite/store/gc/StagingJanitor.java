package io.mvsqlite.store.gc;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.keys.KeyCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what abandoned client work leaves behind, as part of content GC: expired staging records
 * ({@code i}) of staged commits that were never published, with their staged entries ({@code s}),
 * and expired transaction leases.
 *
 * <p>Each removal re-reads the record <em>with a read conflict</em> in the transaction that removes
 * it and checks that it is still expired. A staging chunk or publish renews or clears {@code i} in
 * its own transaction, and a lease renewal rewrites the lease key, so a concurrent one either
 * happened before (the record is no longer expired: kept) or conflicts with the removal (retried,
 * then kept). Once {@code i} is gone, a publish fails, so the removed staged entries can never
 * become visible (docs/commit-protocol.md, path 3).
 *
 * <p>A dry run counts and writes nothing. Thread-safe (no state of its own).
 */
final class StagingJanitor {

  private static final Logger log = LoggerFactory.getLogger(StagingJanitor.class);

  private final StoreContext ctx;
  private final KeyCodec keys;

  StagingJanitor(StoreContext ctx) {
    this.ctx = ctx;
    this.keys = ctx.keys();
  }

  /**
   * Removes the expired, unpublished stagings of {@code ns} (or, for a dry run, finds them).
   *
   * @return the commit ids of the stagings removed (or that would be)
   */
  Set<ByteBuffer> removeExpiredStagings(TaskFence fence, Version ns, boolean apply) {
    Set<ByteBuffer> published = publishedCommitIds(ns);
    Set<ByteBuffer> removed = new HashSet<>();
    RangeScan.forEachBatch(
        ctx.kv(),
        ctx.runner(),
        keys.stagingRange(ns),
        ctx.config().gcScanBatchSize(),
        batch -> {
          List<byte[]> candidates = new ArrayList<>();
          long now = ctx.nowSecs();
          for (KeyValue e : batch) {
            byte[] commitId = keys.decodeStagingCommitId(e.key());
            if (isExpired(e, now) && !published.contains(ByteBuffer.wrap(commitId))) {
              candidates.add(commitId);
            }
          }
          if (!candidates.isEmpty()) {
            removed.addAll(fence.run(tr -> removeStagings(tr, ns, candidates, apply)));
          }
        });
    if (!removed.isEmpty()) {
      log.info(
          "content GC of {}: {} expired stagings {}",
          ns.hex(),
          removed.size(),
          apply ? "removed" : "found");
    }
    return removed;
  }

  /**
   * Removes the expired transaction leases of {@code ns} (or counts them, for a dry run); returns
   * how many.
   */
  long removeExpiredLeases(TaskFence fence, Version ns, boolean apply) {
    long[] removed = {0};
    RangeScan.forEachBatch(
        ctx.kv(),
        ctx.runner(),
        keys.leaseRange(ns),
        ctx.config().gcScanBatchSize(),
        batch -> {
          List<byte[]> candidates = new ArrayList<>();
          long now = ctx.nowSecs();
          for (KeyValue e : batch) {
            if (leaseExpired(e.value(), now)) {
              candidates.add(e.key());
            }
          }
          if (!candidates.isEmpty()) {
            removed[0] += fence.run(tr -> removeLeases(tr, candidates, apply));
          }
        });
    return removed[0];
  }

  private Set<ByteBuffer> removeStagings(
      KvTransaction tr, Version ns, List<byte[]> commitIds, boolean apply) {
    long now = ctx.nowSecs();
    Set<ByteBuffer> out = new HashSet<>();
    for (byte[] commitId : commitIds) {
      byte[] key = keys.staging(ns, commitId);
      byte[] value = tr.get(key);
      if (value == null || !isExpired(new KeyValue(key, value), now)) {
        continue;
      }
      if (apply) {
        byte[][] entries = keys.stagedEntriesRange(ns, commitId);
        tr.clear(key);
        tr.clearRange(entries[0], entries[1]);
      }
      out.add(ByteBuffer.wrap(commitId));
    }
    return out;
  }

  private long removeLeases(KvTransaction tr, List<byte[]> leaseKeys, boolean apply) {
    long now = ctx.nowSecs();
    long n = 0;
    for (byte[] key : leaseKeys) {
      byte[] value = tr.get(key);
      if (value != null && leaseExpired(value, now)) {
        if (apply) {
          tr.clear(key);
        }
        n++;
      }
    }
    return n;
  }

  private Set<ByteBuffer> publishedCommitIds(Version ns) {
    Set<ByteBuffer> out = new HashSet<>();
    RangeScan.forEachBatch(
        ctx.kv(),
        ctx.runner(),
        keys.stagedCommitRange(ns),
        ctx.config().gcScanBatchSize(),
        batch -> batch.forEach(e -> out.add(ByteBuffer.wrap(e.value()))));
    return out;
  }

  /**
   * A staging whose record does not decode is kept (and logged): removing it could break a live
   * staged commit.
   */
  private static boolean isExpired(KeyValue staging, long nowSecs) {
    try {
      return KeyCodec.decodeStagingExpirySecs(staging.value()) < nowSecs;
    } catch (MvException e) {
      log.warn("content GC keeps a malformed staging record {}", Bytes.hex(staging.key()));
      return false;
    }
  }

  private static boolean leaseExpired(byte[] value, long nowSecs) {
    try {
      return KeyCodec.decodeLease(value).expirySecs() < nowSecs;
    } catch (MvException e) {
      log.warn("content GC keeps a malformed transaction lease");
      return false;
    }
  }
}
