package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.Bytes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of keys stored as coalesced half-open ranges: disjoint, non-empty, and never adjacent
 * (touching ranges are merged), so that the number and byte size of ranges is as small as
 * FoundationDB's coalesced conflict ranges.
 *
 * <p>Not thread-safe; owners synchronize. Arrays passed in are kept, not copied: callers pass
 * arrays they no longer modify.
 */
final class RangeSet {

  /** begin -> end. */
  private final TreeMap<byte[], byte[]> ranges = new TreeMap<>(Bytes.COMPARATOR);

  private long byteSize;

  /** Adds {@code [begin, end)}; an empty or inverted range is ignored. */
  void add(byte[] begin, byte[] end) {
    if (Bytes.compare(begin, end) >= 0) {
      return;
    }
    Map.Entry<byte[], byte[]> lower = ranges.floorEntry(begin);
    if (lower != null && Bytes.compare(lower.getValue(), begin) >= 0) {
      if (Bytes.compare(lower.getValue(), end) >= 0) {
        return;
      }
      begin = lower.getKey();
      removeEntry(lower.getKey(), lower.getValue());
    }
    Iterator<Map.Entry<byte[], byte[]>> it =
        ranges.subMap(begin, true, end, true).entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<byte[], byte[]> e = it.next();
      if (Bytes.compare(e.getValue(), end) > 0) {
        end = e.getValue();
      }
      byteSize -= e.getKey().length + e.getValue().length;
      it.remove();
    }
    ranges.put(begin, end);
    byteSize += begin.length + end.length;
  }

  void add(KeyRange range) {
    add(range.begin(), range.end());
  }

  /** Removes every key in {@code [begin, end)}. */
  void remove(byte[] begin, byte[] end) {
    if (Bytes.compare(begin, end) >= 0 || ranges.isEmpty()) {
      return;
    }
    Map.Entry<byte[], byte[]> lower = ranges.lowerEntry(begin);
    if (lower != null && Bytes.compare(lower.getValue(), begin) > 0) {
      byte[] lowerEnd = lower.getValue();
      removeEntry(lower.getKey(), lowerEnd);
      putEntry(lower.getKey(), begin);
      if (Bytes.compare(lowerEnd, end) > 0) {
        putEntry(end, lowerEnd);
        return;
      }
    }
    byte[] tailEnd = null;
    Iterator<Map.Entry<byte[], byte[]>> it =
        ranges.subMap(begin, true, end, false).entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<byte[], byte[]> e = it.next();
      if (Bytes.compare(e.getValue(), end) > 0) {
        tailEnd = e.getValue();
      }
      byteSize -= e.getKey().length + e.getValue().length;
      it.remove();
    }
    if (tailEnd != null) {
      putEntry(end, tailEnd);
    }
  }

  boolean contains(byte[] key) {
    return rangeContaining(key) != null;
  }

  /** The stored range holding {@code key}, or {@code null}. */
  KeyRange rangeContaining(byte[] key) {
    Map.Entry<byte[], byte[]> e = ranges.floorEntry(key);
    return e != null && Bytes.compare(key, e.getValue()) < 0
        ? new KeyRange(e.getKey(), e.getValue())
        : null;
  }

  /** True if some key of {@code [begin, end)} is in the set. */
  boolean intersects(byte[] begin, byte[] end) {
    if (Bytes.compare(begin, end) >= 0) {
      return false;
    }
    Map.Entry<byte[], byte[]> floor = ranges.floorEntry(begin);
    if (floor != null && Bytes.compare(floor.getValue(), begin) > 0) {
      return true;
    }
    byte[] next = ranges.higherKey(begin);
    return next != null && Bytes.compare(next, end) < 0;
  }

  /** The stored ranges that intersect {@code [begin, end)}, clipped to it, in ascending order. */
  List<KeyRange> clippedTo(byte[] begin, byte[] end) {
    List<KeyRange> out = new ArrayList<>();
    if (Bytes.compare(begin, end) >= 0) {
      return out;
    }
    Map.Entry<byte[], byte[]> floor = ranges.lowerEntry(begin);
    if (floor != null && Bytes.compare(floor.getValue(), begin) > 0) {
      out.add(new KeyRange(begin, min(floor.getValue(), end)));
    }
    for (Map.Entry<byte[], byte[]> e : ranges.subMap(begin, true, end, false).entrySet()) {
      out.add(new KeyRange(e.getKey(), min(e.getValue(), end)));
    }
    return out;
  }

  /** Every range, in ascending order. */
  List<KeyRange> toList() {
    List<KeyRange> out = new ArrayList<>(ranges.size());
    for (Map.Entry<byte[], byte[]> e : ranges.entrySet()) {
      out.add(new KeyRange(e.getKey(), e.getValue()));
    }
    return out;
  }

  void addAll(Collection<KeyRange> rs) {
    for (KeyRange r : rs) {
      add(r.begin(), r.end());
    }
  }

  boolean isEmpty() {
    return ranges.isEmpty();
  }

  int size() {
    return ranges.size();
  }

  /** Sum over ranges of begin and end lengths: FoundationDB's size of a list of conflict ranges. */
  long byteSize() {
    return byteSize;
  }

  void clear() {
    ranges.clear();
    byteSize = 0;
  }

  private void removeEntry(byte[] begin, byte[] end) {
    ranges.remove(begin);
    byteSize -= begin.length + end.length;
  }

  private void putEntry(byte[] begin, byte[] end) {
    ranges.put(begin, end);
    byteSize += begin.length + end.length;
  }

  private static byte[] min(byte[] a, byte[] b) {
    return Bytes.compare(a, b) <= 0 ? a : b;
  }

  @Override
  public String toString() {
    return toList().toString();
  }
}
