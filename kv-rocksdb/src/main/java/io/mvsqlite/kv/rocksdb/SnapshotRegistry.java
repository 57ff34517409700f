package io.mvsqlite.kv.rocksdb;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.Snapshot;

/**
 * The RocksDB snapshots that serve read versions: one per published commit batch, keyed by its
 * commit version. Read version {@code r} reads through the entry with the largest version {@code <=
 * r}.
 *
 * <p><b>Lifetime.</b> Each entry is reference counted: the registry holds one reference, every read
 * in progress holds one ({@link #acquire} / {@link Entry#release}). An entry superseded by a newer
 * one for longer than the MVCC window drops the registry's reference ({@link #expire}); the native
 * snapshot is released when the count reaches zero, so never while a read uses it (a use after free
 * would crash the JVM). {@link #closeAll} drops every registry reference; the store calls it only
 * after all reads have finished.
 *
 * <p>Thread-safe. Only the committer publishes and expires; any thread acquires.
 */
final class SnapshotRegistry {

  private final RocksDB db;
  private final ConcurrentSkipListMap<Long, Entry> entries = new ConcurrentSkipListMap<>();
  private final AtomicInteger liveSnapshots = new AtomicInteger();

  SnapshotRegistry(RocksDB db) {
    this.db = db;
  }

  /** One published state. */
  final class Entry {
    private final long version;
    private final Snapshot snapshot;
    private final ReadOptions readOptions;
    private final AtomicInteger refs = new AtomicInteger(1);
    private volatile long supersededBy = Long.MAX_VALUE;

    private Entry(long version, Snapshot snapshot) {
      this.version = version;
      this.snapshot = snapshot;
      this.readOptions = new ReadOptions().setSnapshot(snapshot);
    }

    long version() {
      return version;
    }

    Snapshot snapshot() {
      return snapshot;
    }

    /**
     * Read options bound to the snapshot, for point reads. Shared: callers must not modify them.
     */
    ReadOptions readOptions() {
      return readOptions;
    }

    private boolean tryRetain() {
      while (true) {
        int r = refs.get();
        if (r == 0) {
          return false;
        }
        if (refs.compareAndSet(r, r + 1)) {
          return true;
        }
      }
    }

    /** Drops one reference; the last one frees the native snapshot. */
    void release() {
      int left = refs.decrementAndGet();
      if (left == 0) {
        readOptions.close();
        db.releaseSnapshot(snapshot);
        liveSnapshots.decrementAndGet();
      } else if (left < 0) {
        throw new IllegalStateException("snapshot released more often than retained");
      }
    }
  }

  /**
   * Registers the state of commit {@code version}, superseding the previous newest entry. Takes
   * ownership.
   */
  void publish(long version, Snapshot snapshot) {
    Map.Entry<Long, Entry> previous = entries.lastEntry();
    if (previous != null && previous.getKey() >= version) {
      throw new IllegalStateException("snapshot versions must increase");
    }
    liveSnapshots.incrementAndGet();
    entries.put(version, new Entry(version, snapshot));
    if (previous != null) {
      previous.getValue().supersededBy = version;
    }
  }

  /**
   * The entry serving {@code readVersion}, retained for the caller (who must {@link Entry#release()
   * release} it), or {@code null} if it has been expired.
   */
  Entry acquire(long readVersion) {
    Map.Entry<Long, Entry> floor = entries.floorEntry(readVersion);
    if (floor == null) {
      return null;
    }
    Entry e = floor.getValue();
    if (e.supersededBy <= readVersion || !e.tryRetain()) {
      return null;
    }
    return e;
  }

  /** True if a read at {@code readVersion} can still find its snapshot. */
  boolean isRetained(long readVersion) {
    Map.Entry<Long, Entry> floor = entries.floorEntry(readVersion);
    return floor != null && floor.getValue().supersededBy > readVersion;
  }

  /**
   * Drops the registry's reference to every entry superseded more than {@code windowMicros} before
   * {@code nowMicros}: no read version within the window can need it.
   */
  void expire(long nowMicros, long windowMicros) {
    for (Entry e : entries.values()) {
      long next = e.supersededBy;
      if (next == Long.MAX_VALUE || nowMicros - next <= windowMicros) {
        return;
      }
      if (entries.remove(e.version, e)) {
        e.release();
      }
    }
  }

  /** Drops every registry reference. Call only when no read is in progress and none will start. */
  void closeAll() {
    for (Entry e : entries.values()) {
      if (entries.remove(e.version, e)) {
        e.release();
      }
    }
  }

  /** Native snapshots not yet freed (entries in the registry plus expired ones still in use). */
  int liveSnapshots() {
    return liveSnapshots.get();
  }

  /** Entries currently serving read versions. */
  int retainedEntries() {
    return entries.size();
  }
}
