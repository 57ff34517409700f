package io.mvsqlite.store.content;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mvsqlite.protocol.PageHash;

/**
 * Decoded pages by hash ({@code --content-cache-size}, reference §5.4), bounded by entry count.
 * Keyed by the hash alone, across namespaces: content addressing makes a hash's bytes the same
 * everywhere. A size of 0 disables it.
 *
 * <p>Thread-safe. Pages are copied in and out, so no caller can change a cached page.
 */
public final class ContentCache {

  private final Cache<PageHash, byte[]> cache;

  public ContentCache(int maxEntries) {
    this.cache = maxEntries <= 0 ? null : Caffeine.newBuilder().maximumSize(maxEntries).build();
  }

  /** The page, or {@code null} if not cached. */
  public byte[] get(PageHash hash) {
    if (cache == null) {
      return null;
    }
    byte[] page = cache.getIfPresent(hash);
    return page == null ? null : page.clone();
  }

  public void put(PageHash hash, byte[] page) {
    if (cache != null) {
      cache.put(hash, page.clone());
    }
  }

  public boolean isEnabled() {
    return cache != null;
  }
}
