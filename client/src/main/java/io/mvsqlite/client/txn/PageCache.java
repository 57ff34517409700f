package io.mvsqlite.client.txn;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * One connection's cache of page contents as stored on the server (counter fields zero), valid at
 * one version: the connection invalidates it from {@code /stat} intervals and commit changelogs
 * when that version moves (reference §5.3). It survives transactions; SQLite's own cache does not
 * (the virtual change counter drops it).
 *
 * <p>Bounded by a page count (Caffeine's W-TinyLFU); size 0 disables it, and nothing depends on it
 * for correctness. The arrays are shared, never modified. Thread-safe.
 */
public final class PageCache {

  private final Cache<Integer, byte[]> pages;

  public PageCache(int maxPages) {
    this.pages =
        maxPages <= 0
            ? null
            : Caffeine.newBuilder().maximumSize(maxPages).executor(Runnable::run).build();
  }

  /** The cached content of {@code page}, or {@code null}. */
  public byte[] get(int page) {
    return pages == null ? null : pages.getIfPresent(page);
  }

  public boolean contains(int page) {
    return get(page) != null;
  }

  public void put(int page, byte[] data) {
    if (pages != null) {
      pages.put(page, data);
    }
  }

  public void invalidate(int page) {
    if (pages != null) {
      pages.invalidate(page);
    }
  }

  public void invalidate(int[] pageList) {
    if (pages != null) {
      for (int p : pageList) {
        pages.invalidate(p);
      }
    }
  }

  public void invalidateAll() {
    if (pages != null) {
      pages.invalidateAll();
    }
  }

  /** Pages cached now (approximate while eviction is pending). */
  public long size() {
    return pages == null ? 0 : pages.estimatedSize();
  }
}
