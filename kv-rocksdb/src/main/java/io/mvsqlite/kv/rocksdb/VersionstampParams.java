package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.Versionstamp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Parameters of the versionstamp mutations (API &ge; 520 format): {@code bytes || offset}, the offset being 4
 * little-endian bytes that say where the 10-byte versionstamp goes in {@code bytes}. Stateless and thread-safe.
 */
final class VersionstampParams {

  private static final int OFFSET_BYTES = 4;

  private VersionstampParams() {}

  /**
   * Checks that {@code param} ends with an offset leaving room for a versionstamp.
   *
   * @throws KvException {@link KvError#INVALID_ARGUMENT} otherwise
   */
  static void validate(byte[] param) {
    offset(param);
  }

  /** {@code param} without its offset suffix, with the versionstamp written at the offset. */
  static byte[] fill(byte[] param, Versionstamp versionstamp) {
    int at = offset(param);
    byte[] out = Arrays.copyOf(param, param.length - OFFSET_BYTES);
    versionstamp.writeTo(out, at);
    return out;
  }

  /**
   * Every key a {@code SET_VERSIONSTAMPED_KEY} with this key parameter can produce at a commit version above {@code
   * minVersion}: FoundationDB's {@code getVersionstampKeyRange}.
   */
  static KeyRange possibleKeys(byte[] keyParam, long minVersion) {
    int at = offset(keyParam);
    byte[] begin = Arrays.copyOf(keyParam, keyParam.length - OFFSET_BYTES);
    new Versionstamp(minVersion, 0).writeTo(begin, at);
    byte[] end = Arrays.copyOf(keyParam, keyParam.length - OFFSET_BYTES);
    Arrays.fill(end, at, at + Versionstamp.LENGTH, (byte) 0xff);
    return new KeyRange(begin, Bytes.keyAfter(end));
  }

  private static int offset(byte[] param) {
    if (param.length < OFFSET_BYTES) {
      throw new KvException(KvError.INVALID_ARGUMENT, "versionstamp parameter shorter than its 4-byte offset");
    }
    int at = ByteBuffer.wrap(param, param.length - OFFSET_BYTES, OFFSET_BYTES).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (at < 0 || (long) at + Versionstamp.LENGTH > param.length - OFFSET_BYTES) {
      throw new KvException(
          KvError.INVALID_ARGUMENT,
          "versionstamp offset out of range: offset=" + at + " length=" + (param.length - OFFSET_BYTES));
    }
    return at;
  }
}
