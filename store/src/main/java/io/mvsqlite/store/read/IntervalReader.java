package io.mvsqlite.store.read;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvReader;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.keys.KeyCodec;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The pages changed between two versions of a namespace, from its changelog (reference §6.4): used
 * by {@code /stat} with {@code from_version} and by commit responses, so clients drop only the
 * changed pages from their caches.
 *
 * <p>Both versions must be commit versions with changelog entries, at most {@value #MAX_ENTRIES}
 * entries apart, and the union must have at most {@value #MAX_PAGES} pages; an entry of type {@code
 * 0x01} ("too many pages") or one that does not decode makes the answer unknown. Unknown is {@code
 * null}: the client drops its whole cache. Stateless and thread-safe.
 */
public final class IntervalReader {

  /** Most changelog entries scanned (the reference's INTERVAL_SCAN_SIZE). */
  public static final int MAX_ENTRIES = 100;

  /** Most pages in an answer (the reference's INTERVAL_MAX_SIZE). */
  public static final int MAX_PAGES = 1000;

  private final KeyCodec keys;

  public IntervalReader(KeyCodec keys) {
    this.keys = keys;
  }

  /**
   * The sorted distinct pages changed by commits in {@code (from, to]} ({@code (from, to)} unless
   * {@code toInclusive}), or {@code null} if unknown. {@code from == to} is the empty interval;
   * {@code from > to} unknown.
   *
   * @param reader a snapshot reader (the answer is advisory: it must not add conflicts)
   */
  public int[] read(KvReader reader, Version ns, Version from, Version to, boolean toInclusive) {
    int order = from.compareTo(to);
    if (order > 0) {
      return null;
    }
    if (order == 0) {
      return new int[0];
    }
    byte[] first = keys.changelog(ns, from);
    byte[] last = keys.changelog(ns, to);
    List<KeyValue> entries = reader.getRange(first, Bytes.keyAfter(last), MAX_ENTRIES, false);
    if (entries.size() < 2
        || !Arrays.equals(entries.getFirst().key(), first)
        || !Arrays.equals(entries.getLast().key(), last)) {
      return null;
    }
    int end = toInclusive ? entries.size() : entries.size() - 1;
    TreeSet<Integer> pages = new TreeSet<>(Integer::compareUnsigned);
    for (int i = 1; i < end; i++) {
      int[] changed = KeyCodec.decodeChangelog(entries.get(i).value());
      if (changed == null) {
        return null;
      }
      for (int p : changed) {
        pages.add(p);
      }
      if (pages.size() > MAX_PAGES) {
        return null;
      }
    }
    return pages.stream().mapToInt(Integer::intValue).toArray();
  }
}
