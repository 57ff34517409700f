package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * A range read through a snapshot, merged with a transaction's {@link WriteMap}: stored keys inside
 * locally cleared ranges are skipped (by seeking past the range), local entries override stored
 * ones, pending atomic operations are applied to the stored value, and the limit counts merged
 * rows.
 *
 * <p>The result carries the <em>extent</em> actually read: the whole range, or, when the limit
 * stopped the read, {@code [begin, keyAfter(last))} forward and {@code [last, end)} reverse. Read
 * conflicts and unreadable-range checks apply to the extent only, as on FoundationDB.
 *
 * <p>Stateless. The caller keeps the snapshot alive and holds the transaction's lock.
 */
final class RangeMerger {

  /** Merged rows in the order of the read, and the extent read. */
  record Result(List<KeyValue> rows, KeyRange extent) {}

  private RangeMerger() {}

  static Result read(
      RocksDB db,
      ColumnFamilyHandle cf,
      Snapshot snapshot,
      WriteMap writes,
      byte[] begin,
      byte[] end,
      int limit,
      boolean reverse)
      throws RocksDBException {
    List<KeyValue> rows = new ArrayList<>(limit > 0 ? Math.min(limit, 1024) : 16);
    try (Slice lower = new Slice(begin);
        Slice upper = new Slice(end);
        ReadOptions options =
            new ReadOptions()
                .setSnapshot(snapshot)
                .setIterateLowerBound(lower)
                .setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(cf, options)) {
      StoredKeys stored = new StoredKeys(it, writes, reverse);
      Iterator<Map.Entry<byte[], WriteMap.Entry>> local =
          writes.points(begin, end, reverse).entrySet().iterator();
      Map.Entry<byte[], WriteMap.Entry> nextLocal = local.hasNext() ? local.next() : null;
      while ((limit == 0 || rows.size() < limit) && (stored.key != null || nextLocal != null)) {
        // order < 0: the local entry comes first in the read's direction; 0: both have the key.
        int order;
        if (nextLocal == null) {
          order = 1;
        } else if (stored.key == null) {
          order = -1;
        } else {
          int c = Bytes.compare(nextLocal.getKey(), stored.key);
          order = reverse ? -c : c;
        }
        if (order <= 0) {
          byte[] base = null;
          if (order == 0) {
            base = it.value();
            stored.advance();
          }
          byte[] value = localValue(nextLocal.getValue(), base);
          if (value != null) {
            rows.add(new KeyValue(nextLocal.getKey().clone(), value));
          }
          nextLocal = local.hasNext() ? local.next() : null;
        } else {
          rows.add(new KeyValue(stored.key, it.value()));
          stored.advance();
        }
      }
      it.status();
    }
    KeyRange extent;
    if (limit > 0 && rows.size() == limit) {
      byte[] last = rows.getLast().key();
      extent = reverse ? new KeyRange(last, end) : new KeyRange(begin, Bytes.keyAfter(last));
    } else {
      extent = new KeyRange(begin, end);
    }
    return new Result(rows, extent);
  }

  /**
   * The value a local entry gives a key whose stored value is {@code base}; {@code null} if absent.
   * A fresh array.
   */
  static byte[] localValue(WriteMap.Entry entry, byte[] base) {
    return switch (entry) {
      case WriteMap.Known known -> known.value() == null ? null : known.value().clone();
      case WriteMap.Dependent dependent -> applyAll(dependent.ops(), base);
    };
  }

  /**
   * Applies pending atomic operations in order to {@code base} ({@code null}: absent). A fresh
   * array or null.
   */
  static byte[] applyAll(List<WriteMap.PendingOp> ops, byte[] base) {
    byte[] v = base;
    for (WriteMap.PendingOp op : ops) {
      v = AtomicOps.apply(op.type(), v, op.param());
    }
    // The result may be an operation's parameter, which the write map still owns.
    return v == null ? null : v.clone();
  }

  /** The stored keys of the range in read order, minus those inside locally cleared ranges. */
  private static final class StoredKeys {
    private final RocksIterator it;
    private final WriteMap writes;
    private final boolean reverse;
    private byte[] key;

    StoredKeys(RocksIterator it, WriteMap writes, boolean reverse) {
      this.it = it;
      this.writes = writes;
      this.reverse = reverse;
      if (reverse) {
        it.seekToLast();
      } else {
        it.seekToFirst();
      }
      settle();
    }

    void advance() {
      if (reverse) {
        it.prev();
      } else {
        it.next();
      }
      settle();
    }

    private void settle() {
      while (it.isValid()) {
        byte[] k = it.key();
        KeyRange cleared = writes.clearedRangeContaining(k);
        if (cleared == null) {
          key = k;
          return;
        }
        if (reverse) {
          it.seekForPrev(cleared.begin());
          if (it.isValid() && Bytes.compare(it.key(), cleared.begin()) == 0) {
            it.prev();
          }
        } else {
          it.seek(cleared.end());
        }
      }
      key = null;
    }
  }
}
