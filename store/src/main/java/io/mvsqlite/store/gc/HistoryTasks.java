package io.mvsqlite.store.gc;

import io.mvsqlite.store.StoreContext;

/**
 * The history-management tasks of one engine, as the admin API uses them: truncation with its
 * min-age policy, and content GC. Thread-safe.
 */
public record HistoryTasks(
    TruncationPolicy policy, VersionTruncator truncator, ContentCollector contents) {

  /** The tasks of the engine whose shared parts are {@code ctx}. */
  public static HistoryTasks of(StoreContext ctx) {
    return new HistoryTasks(
        new TruncationPolicy(ctx), new VersionTruncator(ctx), new ContentCollector(ctx));
  }
}
