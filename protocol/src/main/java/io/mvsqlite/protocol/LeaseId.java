package io.mvsqlite.protocol;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Identifies an open client transaction that uploaded pages. While its lease is renewed, content GC
 * keeps everything uploaded since the lease began (see docs/gc.md). An mvSQLite extension of the
 * reference protocol: sent as the {@code x-txn-lease} header of {@code /batch/write} and in the
 * commit's init frame; absent means the reference behaviour (uploads protected for a fixed TTL
 * only).
 */
public record LeaseId(byte[] bytes) {

  public static final int LENGTH = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  public LeaseId {
    if (bytes.length != LENGTH) {
      throw new MvException(
          ErrorCode.MALFORMED_REQUEST, "a lease id has 16 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  public static LeaseId random() {
    byte[] b = new byte[LENGTH];
    RANDOM.nextBytes(b);
    return new LeaseId(b);
  }

  /** Parses 32 hex digits; anything else is {@link ErrorCode#MALFORMED_REQUEST}. */
  public static LeaseId parse(String hex) {
    try {
      return new LeaseId(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new MvException(ErrorCode.MALFORMED_REQUEST, "a lease id is 32 hex digits");
    }
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LeaseId k && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
