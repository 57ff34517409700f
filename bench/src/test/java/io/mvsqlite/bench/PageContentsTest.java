package io.mvsqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PageContentsTest {

  @Test
  void contentsAreDeterministicDistinctStampedAndIncompressible() {
    PageContents a = new PageContents(5, 8192);
    PageContents again = new PageContents(5, 8192);
    Set<String> seen = new HashSet<>();
    for (int stream = 0; stream < 3; stream++) {
      for (long index = 0; index < 2000; index++) {
        byte[] page = a.make(stream, index);
        assertThat(page).isEqualTo(again.make(stream, index));
        assertThat(PageContents.stampedIndex(page)).isEqualTo(index);
        assertThat(a.matches(stream, index, page)).isTrue();
        assertThat(seen.add(java.util.HexFormat.of().formatHex(page)))
            .as("(%d, %d) is new", stream, index)
            .isTrue();
      }
    }
    assertThat(a.matches(0, 1, a.make(0, 2))).isFalse();
    assertThat(Zstd.compress(a.make(1, 1)).length).as("zstd cannot shrink it").isGreaterThan(8100);
  }
}
