package io.mvsqlite.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A version of a namespace: a 10-byte FoundationDB versionstamp (8-byte big-endian commit version,
 * 2-byte big-endian batch order), exchanged on the wire as 20 lowercase hex digits. Byte order, hex
 * order and commit order agree.
 *
 * <p>A version produced by the store is a commit versionstamp, a namespace id, a lock snapshot, or
 * {@code rv || ffff} ("everything committed at or before read version rv").
 */
public record Version(byte[] bytes) implements Comparable<Version> {

  public static final int LENGTH = 10;
  public static final Version ZERO = new Version(new byte[LENGTH]);
  public static final Version MAX = new Version(filled((byte) 0xff));

  private static final HexFormat HEX = HexFormat.of();

  public Version {
    if (bytes.length != LENGTH) {
      throw new MvException(ErrorCode.BAD_VERSION, "a version has 10 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  /** Parses 20 hex digits (either case); anything else is {@link ErrorCode#BAD_VERSION}. */
  public static Version parse(String hex) {
    if (hex == null || hex.length() != 2 * LENGTH) {
      throw new MvException(
          ErrorCode.BAD_VERSION, "a version is 20 hex digits, got: " + abbreviate(hex));
    }
    try {
      return new Version(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new MvException(
          ErrorCode.BAD_VERSION, "a version is 20 hex digits, got: " + abbreviate(hex));
    }
  }

  /** The version {@code commitVersion || batchOrder}. */
  public static Version of(long commitVersion, int batchOrder) {
    byte[] b = new byte[LENGTH];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (commitVersion >>> (56 - 8 * i));
    }
    b[8] = (byte) (batchOrder >>> 8);
    b[9] = (byte) batchOrder;
    return new Version(b);
  }

  /** {@code rv || ffff}: everything committed at or before KV read version {@code rv}. */
  public static Version atReadVersion(long readVersion) {
    return of(readVersion, 0xffff);
  }

  /** The 8-byte commit version part. */
  public long commitVersion() {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (bytes[i] & 0xff);
    }
    return v;
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Copies the 10 bytes into {@code dest} at {@code offset}. */
  public void writeTo(byte[] dest, int offset) {
    System.arraycopy(bytes, 0, dest, offset, LENGTH);
  }

  public String hex() {
    return HEX.formatHex(bytes);
  }

  public boolean isZero() {
    return Arrays.equals(bytes, ZERO.bytes);
  }

  @Override
  public int compareTo(Version o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  public boolean isAfter(Version o) {
    return compareTo(o) > 0;
  }

  public boolean isBefore(Version o) {
    return compareTo(o) < 0;
  }

  public static Version max(Version a, Version b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  public static Version min(Version a, Version b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Version v && Arrays.equals(bytes, v.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }

  private static byte[] filled(byte b) {
    byte[] out = new byte[LENGTH];
    Arrays.fill(out, b);
    return out;
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() <= 40
        ? "'" + s + "'"
        : "'" + s.substring(0, 40) + "…' (" + s.length() + " chars)";
  }
}
