package io.mvsqlite.store.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.PageHash;
import org.junit.jupiter.api.Test;

class ContentCacheTest {

  @Test
  void aZeroSizedCacheIsDisabled() {
    ContentCache cache = new ContentCache(0);
    byte[] page = {1, 2, 3};
    cache.put(PageHasher.hash(page), page);
    assertThat(cache.isEnabled()).isFalse();
    assertThat(cache.get(PageHasher.hash(page))).isNull();
  }

  @Test
  void callersCannotChangeCachedPages() {
    ContentCache cache = new ContentCache(10);
    byte[] page = {1, 2, 3};
    PageHash h = PageHasher.hash(page);
    cache.put(h, page);
    page[0] = 9;
    byte[] out = cache.get(h);
    assertThat(out).containsExactly(1, 2, 3);
    out[1] = 9;
    assertThat(cache.get(h)).containsExactly(1, 2, 3);
  }
}
