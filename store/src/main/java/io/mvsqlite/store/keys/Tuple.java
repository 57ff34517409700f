package io.mvsqlite.store.keys;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The subset of FoundationDB's tuple encoding that mvstore's metadata keys use: unicode strings
 * (type 0x02), byte strings (0x01) and non-negative integers up to 2^64-1 (0x14..0x1c). Written
 * here because the store must not import a backend (the FoundationDB binding has a full tuple
 * layer). Encodings are byte-identical to FoundationDB's.
 */
public final class Tuple {

  private static final int BYTES = 0x01;
  private static final int STRING = 0x02;
  private static final int INT_ZERO = 0x14;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private Tuple() {}

  public static Tuple builder() {
    return new Tuple();
  }

  public Tuple add(String s) {
    out.write(STRING);
    writeEscaped(s.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  public Tuple add(byte[] b) {
    out.write(BYTES);
    writeEscaped(b);
    return this;
  }

  /**
   * Adds an unsigned 64-bit integer (FoundationDB encodes it in the minimal number of big-endian
   * bytes).
   */
  public Tuple addUnsigned(long v) {
    if (v == 0) {
      out.write(INT_ZERO);
      return this;
    }
    int len = 8 - Long.numberOfLeadingZeros(v) / 8;
    out.write(INT_ZERO + len);
    for (int i = len - 1; i >= 0; i--) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
    return this;
  }

  public byte[] pack() {
    return out.toByteArray();
  }

  private void writeEscaped(byte[] b) {
    for (byte x : b) {
      out.write(x);
      if (x == 0) {
        out.write(0xff);
      }
    }
    out.write(0);
  }

  /**
   * Decodes a packed tuple of strings, byte strings and non-negative integers into {@code String},
   * {@code byte[]} and {@code Long} (unsigned) elements.
   */
  public static List<Object> unpack(byte[] b, int offset) {
    List<Object> items = new ArrayList<>();
    int i = offset;
    while (i < b.length) {
      int type = b[i++] & 0xff;
      if (type == STRING || type == BYTES) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        while (true) {
          if (i >= b.length) {
            throw corrupt("unterminated string");
          }
          byte x = b[i++];
          if (x == 0) {
            if (i < b.length && (b[i] & 0xff) == 0xff) {
              s.write(0);
              i++;
              continue;
            }
            break;
          }
          s.write(x);
        }
        items.add(type == STRING ? s.toString(StandardCharsets.UTF_8) : s.toByteArray());
      } else if (type >= INT_ZERO && type <= INT_ZERO + 8) {
        int len = type - INT_ZERO;
        if (i + len > b.length) {
          throw corrupt("truncated integer");
        }
        long v = 0;
        for (int k = 0; k < len; k++) {
          v = (v << 8) | (b[i++] & 0xff);
        }
        items.add(v);
      } else {
        throw corrupt("unsupported tuple type code " + type);
      }
    }
    return items;
  }

  private static MvException corrupt(String what) {
    return new MvException(ErrorCode.DATA_CORRUPT, "malformed tuple-encoded key: " + what);
  }
}
