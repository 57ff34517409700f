package io.mvsqlite.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/** The BLAKE3-256 hash of a page's raw bytes: the page's content address. */
public record PageHash(byte[] bytes) {

  public static final int LENGTH = 32;

  public PageHash {
    if (bytes.length != LENGTH) {
      throw new MvException(
          ErrorCode.INVALID_HASH, "a page hash has 32 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public void writeTo(byte[] dest, int offset) {
    System.arraycopy(bytes, 0, dest, offset, LENGTH);
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PageHash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    // The bytes are a cryptographic hash: any 4 of them are well distributed.
    return (bytes[0] & 0xff) << 24
        | (bytes[1] & 0xff) << 16
        | (bytes[2] & 0xff) << 8
        | (bytes[3] & 0xff);
  }

  @Override
  public String toString() {
    return hex();
  }
}
