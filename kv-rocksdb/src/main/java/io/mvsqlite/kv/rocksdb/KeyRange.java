package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.Bytes;
import java.util.Arrays;

/**
 * A half-open key range {@code [begin, end)}. The arrays are not copied; holders treat them as
 * immutable.
 */
record KeyRange(byte[] begin, byte[] end) {

  /** The range holding exactly {@code key}: {@code [key, key + 0x00)}. */
  static KeyRange single(byte[] key) {
    return new KeyRange(key, Bytes.keyAfter(key));
  }

  boolean isEmpty() {
    return Bytes.compare(begin, end) >= 0;
  }

  boolean contains(byte[] key) {
    return Bytes.compare(begin, key) <= 0 && Bytes.compare(key, end) < 0;
  }

  /** Bytes FoundationDB counts for a conflict range: both boundary keys. */
  long byteSize() {
    return (long) begin.length + end.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyRange r
        && Bytes.compare(begin, r.begin) == 0
        && Bytes.compare(end, r.end) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(begin) + Arrays.hashCode(end);
  }

  @Override
  public String toString() {
    return "[" + Bytes.hex(begin) + ", " + Bytes.hex(end) + ")";
  }
}
