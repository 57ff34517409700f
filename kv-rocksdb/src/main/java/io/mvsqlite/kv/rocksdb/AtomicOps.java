package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.MutationType;
import java.util.Arrays;

/**
 * FoundationDB's atomic operations, evaluated on byte arrays.
 *
 * <p>All but {@code BYTE_MIN} / {@code BYTE_MAX} work on the parameter's length: the existing value
 * is zero-extended or truncated to it and read as a little-endian unsigned integer (or as bits). An
 * absent value yields the parameter (FoundationDB's API &ge; 510 rules: {@code AND} and {@code MIN}
 * of an absent value are the parameter, not zero). {@code BYTE_MIN} / {@code BYTE_MAX} compare
 * whole values lexicographically. The result is never {@code null}.
 *
 * <p>Stateless and thread-safe. Inputs are not modified; the result may be {@code param} itself.
 */
final class AtomicOps {

  private AtomicOps() {}

  /**
   * The value after applying {@code type} with {@code param} to {@code existing} ({@code null} =
   * absent).
   */
  static byte[] apply(MutationType type, byte[] existing, byte[] param) {
    if (existing == null) {
      return param;
    }
    return switch (type) {
      case ADD -> add(existing, param);
      case MAX ->
          compareLittleEndian(fit(existing, param.length), param) > 0
              ? fit(existing, param.length)
              : param;
      case MIN ->
          compareLittleEndian(fit(existing, param.length), param) < 0
              ? fit(existing, param.length)
              : param;
      case BYTE_MAX -> Bytes.compare(existing, param) > 0 ? existing : param;
      case BYTE_MIN -> Bytes.compare(existing, param) < 0 ? existing : param;
      case BIT_AND -> bitwise(existing, param, 0);
      case BIT_OR -> bitwise(existing, param, 1);
      case BIT_XOR -> bitwise(existing, param, 2);
      case SET_VERSIONSTAMPED_KEY, SET_VERSIONSTAMPED_VALUE ->
          throw new IllegalArgumentException(
              "versionstamp mutations are not value operations: " + type);
    };
  }

  private static byte[] add(byte[] existing, byte[] param) {
    byte[] out = new byte[param.length];
    int carry = 0;
    for (int i = 0; i < param.length; i++) {
      int a = i < existing.length ? existing[i] & 0xff : 0;
      int sum = a + (param[i] & 0xff) + carry;
      out[i] = (byte) sum;
      carry = sum >>> 8;
    }
    return out;
  }

  private static byte[] bitwise(byte[] existing, byte[] param, int op) {
    byte[] out = new byte[param.length];
    for (int i = 0; i < param.length; i++) {
      int a = i < existing.length ? existing[i] : 0;
      out[i] = (byte) (op == 0 ? a & param[i] : op == 1 ? a | param[i] : a ^ param[i]);
    }
    return out;
  }

  /**
   * {@code value} zero-extended or truncated to {@code length} bytes (little-endian: high bytes are
   * at the end).
   */
  private static byte[] fit(byte[] value, int length) {
    return value.length == length ? value : Arrays.copyOf(value, length);
  }

  /** Compares equal-length arrays as little-endian unsigned integers. */
  private static int compareLittleEndian(byte[] a, byte[] b) {
    for (int i = a.length - 1; i >= 0; i--) {
      int c = Integer.compare(a[i] & 0xff, b[i] & 0xff);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
