package io.mvsqlite.store.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.store.content.PageHasher;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BloomFilterTest {

  private static byte[] hash(long i) {
    return PageHasher.digest(ByteBuffer.allocate(8).putLong(i).array());
  }

  @Test
  void neverForgetsAKeyAndKeepsFalsePositivesNearTheTarget() {
    int n = 20_000;
    BloomFilter filter = new BloomFilter(n, 0.01);
    for (int i = 0; i < n; i++) {
      filter.put(hash(i));
    }
    for (int i = 0; i < n; i++) {
      assertThat(filter.mightContain(hash(i))).as("key %d", i).isTrue();
    }
    int falsePositives = 0;
    int probes = 100_000;
    for (int i = n; i < n + probes; i++) {
      if (filter.mightContain(hash(i))) {
        falsePositives++;
      }
    }
    assertThat(falsePositives / (double) probes).isBetween(0.002, 0.02);
    assertThat(filter.probes()).isEqualTo(7);
  }

  @Test
  void anEmptyFilterContainsNothingAndBadRatesAreRefused() {
    BloomFilter filter = new BloomFilter(0, 0.01);
    assertThat(filter.mightContain(hash(1))).isFalse();
    assertThat(filter.bitSize()).isPositive();
    assertThatThrownBy(() -> new BloomFilter(10, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BloomFilter(10, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
