package io.mvsqlite.protocol;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A random 16-byte key a client draws once per logical commit and sends again on every retry of it.
 */
public record IdempotencyKey(byte[] bytes) {

  public static final int LENGTH = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  public IdempotencyKey {
    if (bytes.length != LENGTH) {
      throw new MvException(
          ErrorCode.INVALID_IDEMPOTENCY_KEY,
          "an idempotency key has 16 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  public static IdempotencyKey random() {
    byte[] b = new byte[LENGTH];
    RANDOM.nextBytes(b);
    return new IdempotencyKey(b);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdempotencyKey k && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
