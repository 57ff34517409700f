package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.Bytes;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last version at which each key was in a committed write conflict range, as a step function
 * over the key space (FoundationDB's resolver keeps the same thing in a skip list).
 *
 * <p>A boundary {@code b -> v} means: keys from {@code b} up to the next boundary were last written
 * at version {@code v} (0: not within the retained history). Writes arrive in version order, so
 * recording a range simply overwrites its steps. {@link #prune} forgets versions below the oldest
 * read version the committer still accepts, keeping the map as small as the writes of one MVCC
 * window.
 *
 * <p>Not thread-safe: only the committer thread uses it.
 */
final class ConflictHistory {

  private static final byte[] FIRST_KEY = new byte[0];

  private final TreeMap<byte[], Long> steps = new TreeMap<>(Bytes.COMPARATOR);
  private long lastVersion;

  ConflictHistory() {
    steps.put(FIRST_KEY, 0L);
  }

  /**
   * Records that {@code [begin, end)} was written at {@code version} (not older than any version
   * recorded so far).
   */
  void recordWrite(byte[] begin, byte[] end, long version) {
    if (Bytes.compare(begin, end) >= 0) {
      return;
    }
    if (version < lastVersion) {
      throw new IllegalArgumentException("write versions must not decrease");
    }
    lastVersion = version;
    long afterEnd = steps.floorEntry(end).getValue();
    steps.subMap(begin, true, end, false).clear();
    Map.Entry<byte[], Long> before = steps.lowerEntry(begin);
    if (before == null || before.getValue() != version) {
      steps.put(begin, version);
    }
    if (afterEnd == version) {
      steps.remove(end);
    } else {
      steps.put(end, afterEnd);
    }
  }

  /**
   * True if some key of {@code [begin, end)} was written at a version greater than {@code
   * readVersion}.
   */
  boolean writtenAfter(byte[] begin, byte[] end, long readVersion) {
    if (Bytes.compare(begin, end) >= 0) {
      return false;
    }
    if (steps.floorEntry(begin).getValue() > readVersion) {
      return true;
    }
    for (long v : steps.subMap(begin, false, end, false).values()) {
      if (v > readVersion) {
        return true;
      }
    }
    return false;
  }

  /**
   * Forgets versions below {@code oldestReadVersion}: they cannot be newer than any read version
   * still accepted.
   */
  void prune(long oldestReadVersion) {
    long previous = -1;
    Iterator<Map.Entry<byte[], Long>> it = steps.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<byte[], Long> e = it.next();
      long v = e.getValue() < oldestReadVersion ? 0 : e.getValue();
      if (v == previous) {
        it.remove();
      } else {
        e.setValue(v);
        previous = v;
      }
    }
  }

  /** Number of steps (for tests and metrics). */
  int size() {
    return steps.size();
  }
}
