package io.mvsqlite.store.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.PageHash;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The delta criteria of reference §5.2: same non-zero length, < len/5 differing bytes, compressed
 * XOR < len/3.
 */
class XorDeltaTest {

  private static final long SEED = 7L;

  @Test
  void smallChangesToAPageAreStoredAsDeltas() {
    byte[] base = random(4096, SEED);
    byte[] page = base.clone();
    for (int i = 0; i < 50; i++) {
      page[i * 40] ^= 0x5a;
    }
    byte[] delta = XorDelta.tryEncode(PageHasher.hash(base), base, page);
    assertThat(delta).as("seed %d", SEED).isNotNull();
    assertThat(delta.length).isLessThan(4096 / 3 + 33);
  }

  @Test
  void pagesOfDifferentLengthOrEmptyAreNot() {
    byte[] base = random(4096, SEED);
    PageHash h = PageHasher.hash(base);
    assertThat(XorDelta.tryEncode(h, base, new byte[8192])).isNull();
    assertThat(XorDelta.tryEncode(PageHasher.hash(new byte[0]), new byte[0], new byte[0])).isNull();
  }

  @Test
  void aFifthOrMoreDifferingBytesIsNotADelta() {
    byte[] base = new byte[1000];
    byte[] page = new byte[1000];
    for (int i = 0; i < 199; i++) {
      page[i] = 1;
    }
    assertThat(XorDelta.tryEncode(PageHasher.hash(base), base, page))
        .as("199 of 1000 differ")
        .isNotNull();
    page[199] = 1;
    assertThat(XorDelta.tryEncode(PageHasher.hash(base), base, page))
        .as("200 of 1000 differ")
        .isNull();
  }

  @Test
  void aDeltaThatDoesNotCompressBelowAThirdIsNot() {
    // 1 differing byte of 10 passes the first test, but a zstd frame is longer than 10/3 bytes.
    byte[] base = new byte[10];
    byte[] page = new byte[10];
    page[3] = 9;
    assertThat(XorDelta.tryEncode(PageHasher.hash(base), base, page)).isNull();
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
