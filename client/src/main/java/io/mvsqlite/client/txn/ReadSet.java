package io.mvsqlite.client.txn;

import io.mvsqlite.protocol.Limits;
import java.util.BitSet;

/**
 * The pages a transaction read (SQLite's reads, not prefetches): sent with the commit so the server
 * checks conflicts page by page (PLCC). Above {@link Limits#MAX_READ_SET_PAGES} pages it is not
 * sent, and the server checks the whole namespace instead (reference §5.5). Not thread-safe: used
 * from the connection's thread.
 */
final class ReadSet {

  private final BitSet pages = new BitSet();

  void add(int page) {
    if (page >= 0) {
      pages.set(page);
    }
  }

  int size() {
    return pages.cardinality();
  }

  /** The pages in ascending order, or {@code null} when there are too many to send. */
  int[] toWire() {
    int n = pages.cardinality();
    return n > Limits.MAX_READ_SET_PAGES ? null : pages.stream().toArray();
  }

  /**
   * Adds these pages to {@code target} (a commit group merges the read sets of its transactions).
   */
  void mergeInto(BitSet target) {
    target.or(pages);
  }
}
