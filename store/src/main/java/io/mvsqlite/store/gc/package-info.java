/**
 * History management (reference §8, docs/gc.md): version truncation ({@link
 * io.mvsqlite.store.gc.VersionTruncator}, with the min-age policy {@link
 * io.mvsqlite.store.gc.TruncationPolicy}) and content GC ({@link
 * io.mvsqlite.store.gc.ContentCollector}: reference collection, expired stagings and leases,
 * batched deletion), as the admin API uses them ({@link io.mvsqlite.store.gc.HistoryTasks}).
 *
 * <p>Both tasks run under a per-namespace {@link io.mvsqlite.store.meta.DistributedLock} and never
 * hold a KV transaction longer than one batch of {@code gcScanBatchSize} keys (FoundationDB's 5 s /
 * 10 MB limits); every transaction that writes re-checks the lock (fencing). A dry run takes no
 * lock and writes nothing at all.
 */
package io.mvsqlite.store.gc;
