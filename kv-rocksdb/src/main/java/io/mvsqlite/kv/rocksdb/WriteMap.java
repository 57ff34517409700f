package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.MutationType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The local writes of a transaction as reads must see them (FoundationDB's RYW write map).
 *
 * <p>Three structures: point entries (a known value or a known absence, or a chain of atomic
 * operations over a base value still to be read from the store), cleared ranges, and unreadable
 * ranges (keys whose value or existence depends on this transaction's versionstamp). A point entry
 * overrides the cleared ranges; a key with a known entry or inside a cleared range is
 * <em>independent</em> of the store: reading it needs no store read and adds no read conflict. A
 * dependent entry (atomic operations only) needs the stored value, and its read conflicts.
 *
 * <p>The group committer reuses this class as the overlay of a batch's earlier writes, with known
 * entries only.
 *
 * <p>Not thread-safe; the owning transaction holds its lock. Arrays passed in are kept, not copied.
 */
final class WriteMap {

  /** An atomic operation waiting for its base value. */
  record PendingOp(MutationType type, byte[] param) {}

  /** A point entry. */
  sealed interface Entry {}

  /** The key's value is known locally; {@code null} means it is known to be absent. */
  record Known(byte[] value) implements Entry {}

  /**
   * Atomic operations over a base value that only the store knows. The list is owned by the map.
   */
  record Dependent(List<PendingOp> ops) implements Entry {}

  /** What a read of one key must do. */
  sealed interface Lookup {}

  /** Answered locally: the value, or {@code null} for absent. */
  record Local(byte[] value) implements Lookup {}

  /** Read the store and apply {@code ops} (possibly none) to the stored value. */
  record FromStore(List<PendingOp> ops) implements Lookup {}

  /** The key depends on this transaction's versionstamp. */
  record Unreadable() implements Lookup {}

  private static final Unreadable UNREADABLE = new Unreadable();
  private static final FromStore PLAIN_READ = new FromStore(List.of());

  private final TreeMap<byte[], Entry> points = new TreeMap<>(Bytes.COMPARATOR);
  private final RangeSet cleared = new RangeSet();
  private final RangeSet unreadable = new RangeSet();

  void set(byte[] key, byte[] value) {
    points.put(key, new Known(value));
    unreadable.remove(key, Bytes.keyAfter(key));
  }

  void clear(byte[] key) {
    points.put(key, new Known(null));
    unreadable.remove(key, Bytes.keyAfter(key));
  }

  void clearRange(byte[] begin, byte[] end) {
    if (Bytes.compare(begin, end) >= 0) {
      return;
    }
    points.subMap(begin, end).clear();
    cleared.add(begin, end);
    unreadable.remove(begin, end);
  }

  /**
   * Records an atomic (non-versionstamp) operation: evaluated now if the base is known, else kept
   * pending.
   */
  void mutate(MutationType type, byte[] key, byte[] param) {
    Entry e = points.get(key);
    if (e instanceof Known known) {
      points.put(key, new Known(AtomicOps.apply(type, known.value(), param)));
    } else if (e instanceof Dependent dependent) {
      dependent.ops().add(new PendingOp(type, param));
    } else if (cleared.contains(key)) {
      points.put(key, new Known(AtomicOps.apply(type, null, param)));
    } else {
      List<PendingOp> ops = new ArrayList<>(2);
      ops.add(new PendingOp(type, param));
      points.put(key, new Dependent(ops));
    }
  }

  /** Makes {@code range} unreadable until a later set, clear or range clear covers it. */
  void markUnreadable(KeyRange range) {
    unreadable.add(range);
  }

  Lookup lookup(byte[] key) {
    if (unreadable.contains(key)) {
      return UNREADABLE;
    }
    Entry e = points.get(key);
    if (e instanceof Known known) {
      return new Local(known.value());
    }
    if (e instanceof Dependent dependent) {
      return new FromStore(dependent.ops());
    }
    return cleared.contains(key) ? new Local(null) : PLAIN_READ;
  }

  /** True if a key of {@code [begin, end)} is unreadable. */
  boolean hasUnreadable(byte[] begin, byte[] end) {
    return unreadable.intersects(begin, end);
  }

  /** The point entries in {@code [begin, end)}, in the order of the read. */
  NavigableMap<byte[], Entry> points(byte[] begin, byte[] end, boolean reverse) {
    NavigableMap<byte[], Entry> sub = points.subMap(begin, true, end, false);
    return reverse ? sub.descendingMap() : sub;
  }

  /** The cleared range holding {@code key}, or {@code null}. */
  KeyRange clearedRangeContaining(byte[] key) {
    return cleared.rangeContaining(key);
  }

  /**
   * The parts of {@code [begin, end)} whose content a read takes from the store: the range minus
   * the keys with known entries and minus the cleared ranges. These are the read conflict ranges of
   * a read of that extent.
   */
  List<KeyRange> dependentParts(byte[] begin, byte[] end) {
    List<KeyRange> out = new ArrayList<>();
    Iterator<KeyRange> clears = cleared.clippedTo(begin, end).iterator();
    Iterator<Map.Entry<byte[], Entry>> keys =
        points.subMap(begin, true, end, false).entrySet().iterator();
    KeyRange nextClear = clears.hasNext() ? clears.next() : null;
    byte[] nextKey = nextKnown(keys);
    byte[] cursor = begin;
    while (nextClear != null || nextKey != null) {
      KeyRange covered;
      if (nextKey == null
          || (nextClear != null && Bytes.compare(nextClear.begin(), nextKey) <= 0)) {
        covered = nextClear;
        nextClear = clears.hasNext() ? clears.next() : null;
      } else {
        covered = KeyRange.single(nextKey);
        nextKey = nextKnown(keys);
      }
      if (Bytes.compare(covered.begin(), cursor) > 0) {
        out.add(new KeyRange(cursor, covered.begin()));
      }
      if (Bytes.compare(covered.end(), cursor) > 0) {
        cursor = covered.end();
      }
    }
    if (Bytes.compare(cursor, end) < 0) {
      out.add(new KeyRange(cursor, end));
    }
    return out;
  }

  boolean isEmpty() {
    return points.isEmpty() && cleared.isEmpty() && unreadable.isEmpty();
  }

  void clearAll() {
    points.clear();
    cleared.clear();
    unreadable.clear();
  }

  private static byte[] nextKnown(Iterator<Map.Entry<byte[], Entry>> it) {
    while (it.hasNext()) {
      Map.Entry<byte[], Entry> e = it.next();
      if (e.getValue() instanceof Known) {
        return e.getKey();
      }
    }
    return null;
  }
}
