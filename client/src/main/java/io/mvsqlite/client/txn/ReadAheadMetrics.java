package io.mvsqlite.client.txn;

import java.util.Locale;

/**
 * What the sequential read-ahead of one connection did over its lifetime: batches sent, pages they
 * requested, pages SQLite then read from them ("used"), pages dropped unread ("wasted": passed by
 * the reader, or discarded at the end of their snapshot), and batches that failed. An immutable
 * snapshot.
 */
public record ReadAheadMetrics(
    long batchesIssued, long pagesRequested, long pagesUsed, long pagesWasted, long failures) {

  /** As JSON ({@code mv_read_ahead_metrics}). */
  public String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"batches_issued\":%d,\"pages_requested\":%d,\"pages_used\":%d,\"pages_wasted\":%d,"
            + "\"failures\":%d}",
        batchesIssued,
        pagesRequested,
        pagesUsed,
        pagesWasted,
        failures);
  }
}
