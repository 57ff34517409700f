package io.mvsqlite.store.gc;

import java.nio.ByteBuffer;

/**
 * A Bloom filter over content hashes: no false negatives, false positives at about the rate it was
 * sized for.
 *
 * <p>Its keys are BLAKE3 hashes, already uniformly distributed, so the k probe positions come from
 * the hash itself by double hashing ({@code h1 + i * h2}, Kirsch–Mitzenmacher) on its first 16
 * bytes: no second hash function is needed. Sized by the usual formulas: {@code m = -n ln p / (ln
 * 2)^2} bits and {@code k = (m / n) ln 2} probes.
 *
 * <p>Not thread-safe: built by one thread, then only read.
 */
final class BloomFilter {

  private static final double LN2 = Math.log(2);
  private static final long MAX_BITS = (long) Integer.MAX_VALUE * Long.SIZE;

  private final long[] words;
  private final long bits;
  private final int probes;

  /**
   * @param expectedInsertions how many keys will be added (at least 1 is assumed)
   * @param falsePositiveRate the rate wanted at that many keys, in (0, 1)
   */
  BloomFilter(long expectedInsertions, double falsePositiveRate) {
    if (!(falsePositiveRate > 0 && falsePositiveRate < 1)) {
      throw new IllegalArgumentException("false positive rate must be in (0, 1)");
    }
    long n = Math.max(1, expectedInsertions);
    long m = (long) Math.ceil(-n * Math.log(falsePositiveRate) / (LN2 * LN2));
    this.bits = Math.clamp(m, Long.SIZE, MAX_BITS);
    this.words = new long[(int) ((bits + Long.SIZE - 1) / Long.SIZE)];
    this.probes = (int) Math.clamp(Math.round((double) bits / n * LN2), 1, 30);
  }

  /** Adds a key of at least 16 uniformly distributed bytes (a content hash). */
  void put(byte[] hash) {
    long h1 = h1(hash);
    long h2 = h2(hash);
    for (int i = 0; i < probes; i++) {
      long bit = Math.floorMod(h1 + i * h2, bits);
      words[(int) (bit >>> 6)] |= 1L << bit;
    }
  }

  /** False if {@code hash} was certainly never added. */
  boolean mightContain(byte[] hash) {
    long h1 = h1(hash);
    long h2 = h2(hash);
    for (int i = 0; i < probes; i++) {
      long bit = Math.floorMod(h1 + i * h2, bits);
      if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** The filter's size in bits. */
  long bitSize() {
    return bits;
  }

  int probes() {
    return probes;
  }

  private static long h1(byte[] hash) {
    return ByteBuffer.wrap(hash, 0, 8).getLong();
  }

  /** Odd, so that the probe sequence never collapses onto one position. */
  private static long h2(byte[] hash) {
    return ByteBuffer.wrap(hash, 8, 8).getLong() | 1;
  }
}
