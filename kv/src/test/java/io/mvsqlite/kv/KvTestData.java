package io.mvsqlite.kv;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Small helpers for writing KV tests: strings as keys and values (ISO-8859-1, so {@code "\u0080"}
 * is the byte {@code 0x80}), little-endian integers for atomic operations, and readable views of
 * range results.
 */
public final class KvTestData {

  private KvTestData() {}

  /** The bytes of {@code s}, one per character (ISO-8859-1). */
  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The inverse of {@link #bytes(String)}; {@code null} stays {@code null}. */
  public static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
  }

  /** {@code value} as 8 little-endian bytes, the operand format of FoundationDB's ADD. */
  public static byte[] le64(long value) {
    return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }

  /** {@code value} as 4 little-endian bytes, the format of a versionstamp offset. */
  public static byte[] le32(int value) {
    return ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }

  /** Reads 8 little-endian bytes. */
  public static long fromLe64(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** The raw bytes given as ints (so that {@code 0xff} needs no cast). */
  public static byte[] raw(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  /** {@code n} bytes of {@code fill}. */
  public static byte[] filled(int n, int fill) {
    byte[] out = new byte[n];
    Arrays.fill(out, (byte) fill);
    return out;
  }

  /** The keys of a range result, with {@code prefix} removed, as strings. */
  public static List<String> keysAfter(byte[] prefix, List<KeyValue> rows) {
    List<String> out = new ArrayList<>(rows.size());
    for (KeyValue kv : rows) {
      out.add(str(Arrays.copyOfRange(kv.key(), prefix.length, kv.key().length)));
    }
    return out;
  }

  /** {@code key=value} strings of a range result, with {@code prefix} removed from the keys. */
  public static List<String> entriesAfter(byte[] prefix, List<KeyValue> rows) {
    List<String> out = new ArrayList<>(rows.size());
    for (KeyValue kv : rows) {
      out.add(
          str(Arrays.copyOfRange(kv.key(), prefix.length, kv.key().length))
              + "="
              + str(kv.value()));
    }
    return out;
  }
}
