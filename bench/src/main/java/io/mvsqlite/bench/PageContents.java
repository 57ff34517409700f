package io.mvsqlite.bench;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Deterministic, distinct, incompressible byte strings (pages, blobs, row values), cheap to make.
 *
 * <p>Content {@code (stream, index)} is a slice of a fixed random pool, at an offset derived from
 * both numbers, with the two numbers stamped into its first 12 bytes: two different pairs never
 * give the same bytes (so content addressing cannot deduplicate them), zstd cannot shrink them, and
 * making one costs a copy rather than a random number per byte. The same seed always gives the same
 * contents, so a reader can check what it reads.
 *
 * <p>Immutable and thread-safe.
 */
final class PageContents {

  /** Bytes of the stamp: the stream (4) and the index (8). */
  static final int STAMP_BYTES = 12;

  private static final int POOL_BYTES = 4 << 20;

  private final byte[] pool = new byte[POOL_BYTES];
  private final int length;

  /**
   * @param length the size of every content, at least {@value #STAMP_BYTES} and at most 1 MiB
   */
  PageContents(long seed, int length) {
    if (length < STAMP_BYTES || length > 1 << 20) {
      throw new IllegalArgumentException("content length must be in [12, 1 MiB]: " + length);
    }
    this.length = length;
    new SplittableRandom(seed).nextBytes(pool);
  }

  int length() {
    return length;
  }

  /** A new array holding content {@code (stream, index)}. */
  byte[] make(int stream, long index) {
    byte[] out = new byte[length];
    fill(stream, index, out, 0);
    return out;
  }

  /** Writes content {@code (stream, index)} into {@code dest} at {@code offset}. */
  void fill(int stream, long index, byte[] dest, int offset) {
    long mixed = (index * 0x9E3779B97F4A7C15L) ^ ((long) stream * 0xC2B2AE3D27D4EB4FL);
    int start = (int) Math.floorMod(mixed ^ (mixed >>> 29), (long) (POOL_BYTES - length));
    System.arraycopy(pool, start, dest, offset, length);
    ByteBuffer.wrap(dest, offset, STAMP_BYTES).putInt(stream).putLong(index);
  }

  /** True if {@code data} is exactly content {@code (stream, index)}. */
  boolean matches(int stream, long index, byte[] data) {
    if (data == null || data.length != length) {
      return false;
    }
    return java.util.Arrays.equals(data, make(stream, index));
  }

  /**
   * The index stamped into {@code data} (a content of this generator), or -1 if it is too short.
   */
  static long stampedIndex(byte[] data) {
    return data == null || data.length < STAMP_BYTES ? -1 : ByteBuffer.wrap(data, 4, 8).getLong();
  }
}
