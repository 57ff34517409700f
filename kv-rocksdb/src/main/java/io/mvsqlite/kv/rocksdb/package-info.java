/**
 * The embedded backend: FoundationDB's transaction semantics implemented over RocksDB.
 *
 * <p>{@link io.mvsqlite.kv.rocksdb.RocksDbKvStore} is the only public entry point, configured by
 * the immutable {@link io.mvsqlite.kv.rocksdb.RocksDbKvConfig}. Everything else is package-private
 * machinery, one piece per class:
 *
 * <ul>
 *   <li>{@code VersionClock}: commit versions (microseconds, strictly increasing, persisted with
 *       the data) and read versions;
 *   <li>{@code SnapshotRegistry}: one RocksDB snapshot per published commit batch, reference
 *       counted, released once it has left the MVCC window;
 *   <li>{@code WriteMap}, {@code RangeMerger}: a transaction's read-your-writes overlay and the
 *       merge of it with a snapshot;
 *   <li>{@code RangeSet}: coalesced key ranges (conflict ranges, cleared and unreadable ranges);
 *   <li>{@code ConflictHistory}: the last write version of every key range within the MVCC window;
 *   <li>{@code GroupCommitter}: the single thread that orders, checks and writes commit batches;
 *   <li>{@code RocksDbErrors}: the one place where RocksDB errors become {@link
 *       io.mvsqlite.kv.KvException}s.
 * </ul>
 *
 * <p>The design, with the argument for why it gives serializability, is in {@code
 * docs/kv-embedded.md}.
 */
package io.mvsqlite.kv.rocksdb;
