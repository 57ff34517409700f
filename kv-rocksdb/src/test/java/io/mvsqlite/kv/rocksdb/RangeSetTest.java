package io.mvsqlite.kv.rocksdb;

import static io.mvsqlite.kv.KvTestData.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeSetTest {

  private static final long SEED = 7_301L;

  /**
   * Keys are single letters a..t; range [x, y) covers the letters from x up to, not including, y.
   */
  private static byte[] letter(int i) {
    return new byte[] {(byte) ('a' + i)};
  }

  @Test
  void touchingRangesAreCoalesced() {
    RangeSet set = new RangeSet();
    set.add(bytes("a"), bytes("c"));
    set.add(bytes("c"), bytes("e"));
    set.add(bytes("x"), bytes("y"));
    assertThat(set.toList())
        .containsExactly(
            new KeyRange(bytes("a"), bytes("e")), new KeyRange(bytes("x"), bytes("y")));
    assertThat(set.byteSize()).isEqualTo(4);
  }

  @Test
  void singleKeyRangesOfAdjacentKeysCoalesce() {
    RangeSet set = new RangeSet();
    set.add(KeyRange.single(bytes("k")));
    set.add(KeyRange.single(bytes("k\u0000")));
    assertThat(set.toList()).containsExactly(new KeyRange(bytes("k"), bytes("k\u0000\u0000")));
  }

  @Test
  void removeSplitsARange() {
    RangeSet set = new RangeSet();
    set.add(bytes("a"), bytes("z"));
    set.remove(bytes("m"), bytes("n"));
    assertThat(set.toList())
        .containsExactly(
            new KeyRange(bytes("a"), bytes("m")), new KeyRange(bytes("n"), bytes("z")));
    assertThat(set.contains(bytes("m"))).isFalse();
    assertThat(set.contains(bytes("m5"))).isFalse();
    assertThat(set.contains(bytes("n"))).isTrue();
  }

  @Test
  void emptyAndInvertedRangesAreIgnored() {
    RangeSet set = new RangeSet();
    set.add(bytes("b"), bytes("b"));
    set.add(bytes("c"), bytes("a"));
    assertThat(set.isEmpty()).isTrue();
    assertThat(set.intersects(bytes("a"), bytes("z"))).isFalse();
  }

  @Test
  void randomOperationsMatchABitSetModel() {
    Random random = new Random(SEED);
    int universe = 20;
    for (int round = 0; round < 200; round++) {
      RangeSet set = new RangeSet();
      BitSet model = new BitSet(universe);
      for (int step = 0; step < 30; step++) {
        int a = random.nextInt(universe + 1);
        int b = random.nextInt(universe + 1);
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        if (random.nextInt(3) == 0) {
          set.remove(letter(lo), letter(hi));
          model.clear(lo, hi);
        } else {
          set.add(letter(lo), letter(hi));
          model.set(lo, hi);
        }
        String context = "seed " + SEED + " round " + round + " step " + step + " set " + set;
        for (int i = 0; i < universe; i++) {
          assertThat(set.contains(letter(i)))
              .as(context + " contains " + i)
              .isEqualTo(model.get(i));
        }
        int c = random.nextInt(universe + 1);
        int d = random.nextInt(universe + 1);
        boolean expectedIntersect = model.get(Math.min(c, d), Math.max(c, d)).cardinality() > 0;
        assertThat(set.intersects(letter(Math.min(c, d)), letter(Math.max(c, d))))
            .as(context)
            .isEqualTo(expectedIntersect);
        List<KeyRange> ranges = set.toList();
        long bytes = 0;
        for (int i = 0; i < ranges.size(); i++) {
          bytes += ranges.get(i).byteSize();
          if (i > 0) {
            assertThat(io.mvsqlite.kv.Bytes.compare(ranges.get(i - 1).end(), ranges.get(i).begin()))
                .as(context + " coalesced")
                .isLessThan(0);
          }
        }
        assertThat(set.byteSize()).as(context).isEqualTo(bytes);
      }
    }
  }
}
