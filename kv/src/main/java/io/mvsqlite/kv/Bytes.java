package io.mvsqlite.kv;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/** Helpers for keys as unsigned-lexicographic byte strings. */
public final class Bytes {

  /** Orders byte arrays as FoundationDB orders keys. */
  public static final Comparator<byte[]> COMPARATOR = Arrays::compareUnsigned;

  private static final HexFormat HEX = HexFormat.of();

  private Bytes() {}

  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /** The smallest key greater than {@code key}: {@code key + 0x00}. */
  public static byte[] keyAfter(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  /**
   * The smallest key greater than every key that starts with {@code prefix} (FoundationDB's
   * strinc): drop trailing {@code 0xff} bytes and increment the last byte.
   */
  public static byte[] strinc(byte[] prefix) {
    int n = prefix.length;
    while (n > 0 && prefix[n - 1] == (byte) 0xff) {
      n--;
    }
    if (n == 0) {
      throw new IllegalArgumentException("key must contain at least one byte not equal to 0xff");
    }
    byte[] out = Arrays.copyOf(prefix, n);
    out[n - 1]++;
    return out;
  }

  public static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  public static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  public static String hex(byte[] b) {
    return b == null ? "null" : HEX.formatHex(b);
  }

  public static byte[] unhex(String s) {
    return HEX.parseHex(s);
  }
}
