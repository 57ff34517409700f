package io.mvsqlite.store;

import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.TransactionOption;
import io.mvsqlite.kv.TransactionRunner;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.content.ContentStore;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.meta.MetadataCache;
import io.mvsqlite.store.meta.NamespaceDirectory;
import io.mvsqlite.store.read.IntervalReader;
import io.mvsqlite.store.read.PageIndexLookup;
import io.mvsqlite.store.read.ReadVersionCache;
import io.mvsqlite.store.write.DeltaPlanner;
import io.mvsqlite.store.write.LeaseManager;
import io.mvsqlite.store.write.WriteApplier;
import java.time.InstantSource;
import java.util.concurrent.Executor;

/**
 * The shared parts of one open engine, handed to collaborators ({@code CommitEngine}, {@code
 * NamespaceLocks}, the GC tasks) so that they use the same caches, codec, clock and executor as the
 * rest of the engine. Owned by {@link MvStore}; every component is thread-safe.
 *
 * @param kv the KV store (owned by whoever opened it, not by the engine)
 * @param keys every stored byte layout
 * @param clock wall-clock time for content-index touches, leases, task locks and the timekeeper
 * @param executor for CPU work chained onto KV futures (decoding, delta encoding); never block a KV
 *     callback thread
 * @param runner the retry runner for admin and background work (data-plane operations are single
 *     attempts)
 * @param directory namespace key &rarr; id
 * @param metadata nsmd, cached by metadata version; the only way to read or write nsmd
 * @param contents page contents (decode, cache)
 * @param readVersions KV read versions for reads at a version; invalidated when a truncation
 *     watermark rises
 * @param pageIndex newest page version at or before a version, staged commits included
 * @param intervals changelog unions for cache invalidation
 * @param leases transaction leases
 * @param deltas XOR-delta decisions for uploads
 */
public record StoreContext(
    KvStore kv,
    StoreConfig config,
    KeyCodec keys,
    InstantSource clock,
    Executor executor,
    TransactionRunner runner,
    NamespaceDirectory directory,
    MetadataCache metadata,
    ContentStore contents,
    ReadVersionCache readVersions,
    PageIndexLookup pageIndex,
    IntervalReader intervals,
    LeaseManager leases,
    DeltaPlanner deltas) {

  /**
   * A write applier for namespace {@code ns} inside {@code tr} (one per transaction and namespace).
   */
  public WriteApplier newWriteApplier(KvTransaction tr, Version ns) {
    return new WriteApplier(keys, deltas, tr, ns, nowSecs());
  }

  /**
   * A new data-plane transaction (owned by the caller): CAUSAL_READ_RISKY, READ_LOCK_AWARE on a
   * read-only store.
   */
  public KvTransaction newDataPlaneTransaction() {
    KvTransaction tr = kv.createTransaction();
    tr.setOption(TransactionOption.CAUSAL_READ_RISKY);
    if (config.readOnly()) {
      tr.setOption(TransactionOption.READ_LOCK_AWARE);
    }
    return tr;
  }

  /** The clock's current time in unix seconds. */
  public long nowSecs() {
    return clock.instant().getEpochSecond();
  }
}
