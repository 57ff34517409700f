package io.mvsqlite.kv;

import java.util.Arrays;
import java.util.HexFormat;

/** One key-value pair returned by a range read. The arrays belong to the caller. */
public record KeyValue(byte[] key, byte[] value) {

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValue other
        && Arrays.equals(key, other.key)
        && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(key) + "=" + HexFormat.of().formatHex(value);
  }
}
