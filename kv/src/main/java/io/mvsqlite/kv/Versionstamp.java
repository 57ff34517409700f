package io.mvsqlite.kv;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * A 10-byte FoundationDB versionstamp: the 8-byte big-endian commit version followed by the 2-byte
 * big-endian batch order of the transaction within its commit batch. Byte order equals commit
 * order.
 */
public record Versionstamp(long commitVersion, int batchOrder) implements Comparable<Versionstamp> {

  public static final int LENGTH = 10;

  public Versionstamp {
    if (batchOrder < 0 || batchOrder > 0xffff) {
      throw new IllegalArgumentException("batch order out of range: " + batchOrder);
    }
  }

  /**
   * A parameter for {@link MutationType#SET_VERSIONSTAMPED_KEY} (the key) or {@link
   * MutationType#SET_VERSIONSTAMPED_VALUE} (the value): {@code before || 10 placeholder bytes ||
   * after || offset}, where offset is {@code before.length} as 4 little-endian bytes. At commit the
   * placeholder becomes the commit's versionstamp and the offset is dropped.
   */
  public static byte[] incompleteParam(byte[] before, byte[] after) {
    byte[] out = new byte[before.length + LENGTH + after.length + 4];
    System.arraycopy(before, 0, out, 0, before.length);
    System.arraycopy(after, 0, out, before.length + LENGTH, after.length);
    ByteBuffer.wrap(out, out.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(before.length);
    return out;
  }

  public static Versionstamp fromBytes(byte[] bytes) {
    return fromBytes(bytes, 0);
  }

  public static Versionstamp fromBytes(byte[] bytes, int offset) {
    ByteBuffer b = ByteBuffer.wrap(bytes, offset, LENGTH);
    return new Versionstamp(b.getLong(), Short.toUnsignedInt(b.getShort()));
  }

  public byte[] toBytes() {
    byte[] out = new byte[LENGTH];
    writeTo(out, 0);
    return out;
  }

  public void writeTo(byte[] dest, int offset) {
    ByteBuffer.wrap(dest, offset, LENGTH).putLong(commitVersion).putShort((short) batchOrder);
  }

  @Override
  public int compareTo(Versionstamp o) {
    int c = Long.compareUnsigned(commitVersion, o.commitVersion);
    return c != 0 ? c : Integer.compare(batchOrder, o.batchOrder);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(toBytes());
  }
}
