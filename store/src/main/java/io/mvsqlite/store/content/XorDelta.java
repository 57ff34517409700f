package io.mvsqlite.store.content;

import io.mvsqlite.protocol.PageHash;

/**
 * When a page is stored as an XOR delta against another (reference §5.2): both have the same
 * non-zero length, fewer than a fifth of their bytes differ, and the compressed XOR image is
 * smaller than a third of the page. Otherwise a delta saves too little to be worth a second read on
 * every access. Stateless and thread-safe.
 */
public final class XorDelta {

  private XorDelta() {}

  /**
   * The stored delta encoding of {@code page} against {@code baseRaw} (the raw bytes of content
   * {@code baseHash}, which must not itself be a delta), or {@code null} when the criteria are not
   * met.
   */
  public static byte[] tryEncode(PageHash baseHash, byte[] baseRaw, byte[] page) {
    int len = page.length;
    if (len == 0 || baseRaw.length != len) {
      return null;
    }
    byte[] xor = new byte[len];
    int differing = 0;
    for (int i = 0; i < len; i++) {
      xor[i] = (byte) (page[i] ^ baseRaw[i]);
      if (xor[i] != 0) {
        differing++;
      }
    }
    if (differing >= len / 5) {
      return null;
    }
    byte[] frame = ContentCodec.compress(xor);
    if (frame.length >= len / 3) {
      return null;
    }
    return ContentCodec.encodeDelta(baseHash, frame);
  }
}
