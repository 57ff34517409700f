package io.mvsqlite.store.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.read.PageIndexLookup.RangeHits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page-index range lookup that answers runs of neighbouring pages in one read. */
class PageIndexRangeTest extends StoreFixture {

  private static byte[] content(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRangeFindsTheNewestVersionAtOrBelowTheReadVersionOfEveryPage() {
    Version ns = createNamespace("range");
    Version v1 = commits.commit(ns, Map.of(1, content("1a"), 2, content("2a"), 4, content("4a")));
    Version v2 = commits.commit(ns, Map.of(2, content("2b"), 3, content("3b")));
    Version v3 = commits.commit(ns, Map.of(1, content("1c")));
    PageIndexLookup lookup = new PageIndexLookup(keys);
    try (KvTransaction tr = kv.createTransaction()) {
      RangeHits at2 = lookup.findRangeAsync(tr.snapshot(), ns, 0, 5, v2, 1_000).join();
      assertThat(at2.covers(5)).isTrue();
      assertThat(at2.hits()).containsOnlyKeys(1, 2, 3, 4);
      assertThat(at2.hits().get(1).version()).isEqualTo(v1);
      assertThat(at2.hits().get(2).version()).isEqualTo(v2);
      assertThat(at2.hits().get(3).version()).isEqualTo(v2);
      assertThat(at2.hits().get(4).version()).isEqualTo(v1);
      RangeHits at3 = lookup.findRangeAsync(tr.snapshot(), ns, 1, 1, v3, 1_000).join();
      assertThat(at3.hits().get(1).version()).isEqualTo(v3);
    }
  }

  @Test
  void aRowLimitThatStopsInsideAHistoryCoversOnlyThePagesBeforeIt() {
    Version ns = createNamespace("history");
    commits.commit(ns, Map.of(0, content("0"), 1, content("1a"), 2, content("2")));
    Version v = commits.commit(ns, Map.of(1, content("1b")));
    commits.commit(ns, Map.of(1, content("1c")));
    PageIndexLookup lookup = new PageIndexLookup(keys);
    try (KvTransaction tr = kv.createTransaction()) {
      // Rows in order: page 0 (1 row), page 1 (3 rows), page 2: a limit of 3 stops inside page 1.
      RangeHits r = lookup.findRangeAsync(tr.snapshot(), ns, 0, 2, v, 3).join();
      assertThat(r.covers(0)).isTrue();
      assertThat(r.covers(1)).isFalse();
      assertThat(r.covers(2)).isFalse();
      assertThat(r.hits()).containsOnlyKeys(0);
    }
    // Through the store, the uncovered pages are looked up one by one: the answers are complete.
    List<PageRead> reads = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      reads.add(PageRead.at(p, v));
    }
    List<PageData> out = pages.read(ref("history"), reads);
    assertThat(new String(out.get(1).data(), StandardCharsets.UTF_8)).isEqualTo("1b");
    assertThat(new String(out.get(2).data(), StandardCharsets.UTF_8)).isEqualTo("2");
  }
}
