package io.mvsqlite.kv;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Parameters of the versionstamp mutations (FoundationDB API &ge; 520 format): {@code bytes ||
 * offset}, the offset being 4 little-endian bytes that say where the 10-byte versionstamp goes in
 * {@code bytes}. Stateless.
 */
public final class VersionstampParams {

  /** Length of the offset suffix. */
  public static final int OFFSET_BYTES = 4;

  private VersionstampParams() {}

  /**
   * The offset at which the versionstamp goes.
   *
   * @throws KvException {@link KvError#INVALID_ARGUMENT} if the parameter is too short or the
   *     offset leaves no room
   */
  public static int offset(byte[] param) {
    if (param.length < OFFSET_BYTES) {
      throw new KvException(
          KvError.INVALID_ARGUMENT, "versionstamp parameter shorter than its 4-byte offset");
    }
    int at =
        ByteBuffer.wrap(param, param.length - OFFSET_BYTES, OFFSET_BYTES)
            .order(ByteOrder.LITTLE_ENDIAN)
            .getInt();
    if (at < 0 || (long) at + Versionstamp.LENGTH > param.length - OFFSET_BYTES) {
      throw new KvException(
          KvError.INVALID_ARGUMENT,
          "versionstamp offset out of range: offset="
              + at
              + " length="
              + (param.length - OFFSET_BYTES));
    }
    return at;
  }

  /** {@code param} without its offset suffix. */
  public static byte[] withoutOffset(byte[] param) {
    return Arrays.copyOf(param, param.length - OFFSET_BYTES);
  }

  /** {@code param} without its offset suffix, with {@code versionstamp} written at the offset. */
  public static byte[] fill(byte[] param, Versionstamp versionstamp) {
    int at = offset(param);
    byte[] out = withoutOffset(param);
    versionstamp.writeTo(out, at);
    return out;
  }
}
