package io.mvsqlite.stress;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The self-checking pages of the crash test. Every commit writes a <b>marker</b> on page 0 naming
 * itself and the pages it wrote, and a <b>data page</b> on each of those pages naming the commit
 * and the page, filled with bytes derived from both. So any page read anywhere can be checked on
 * its own, and the marker at a version tells which pages must belong to the commit that produced
 * that version.
 *
 * <pre>
 * marker: "MARK" | commit id (16) | count (u32) | page indices (u32 each) | zeros up to the page size
 * data:   "DATA" | commit id (16) | page index (u32) | pseudo-random bytes seeded by (commit id, page index)
 * </pre>
 */
final class CrashPages {

  static final int PAGE_BYTES = 4096;
  static final int MARKER_PAGE = 0;
  private static final byte[] MARK = {'M', 'A', 'R', 'K'};
  private static final byte[] DATA = {'D', 'A', 'T', 'A'};
  private static final int HEADER = 4 + 16 + 4;

  /** What a marker page says. */
  record Marker(String commitId, int[] pages) {}

  private CrashPages() {}

  static byte[] marker(byte[] commitId, int[] pages) {
    ByteBuffer b = ByteBuffer.allocate(PAGE_BYTES);
    b.put(MARK).put(commitId).putInt(pages.length);
    for (int p : pages) {
      b.putInt(p);
    }
    return b.array();
  }

  static byte[] data(byte[] commitId, int page) {
    byte[] out = new byte[PAGE_BYTES];
    ByteBuffer.wrap(out).put(DATA).put(commitId).putInt(page);
    byte[] body = new byte[PAGE_BYTES - HEADER];
    new SplittableRandom(seedOf(commitId, page)).nextBytes(body);
    System.arraycopy(body, 0, out, HEADER, body.length);
    return out;
  }

  /** The marker on a page, or {@code null} if the page is empty; throws if it is anything else. */
  static Marker readMarker(byte[] page) {
    if (page.length == 0) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(page);
    byte[] magic = new byte[4];
    b.get(magic);
    if (!Arrays.equals(magic, MARK) || page.length != PAGE_BYTES) {
      throw new AssertionError("page 0 does not hold a marker: " + describe(page));
    }
    byte[] id = new byte[16];
    b.get(id);
    int[] pages = new int[b.getInt()];
    for (int i = 0; i < pages.length; i++) {
      pages[i] = b.getInt();
    }
    return new Marker(HexFormat.of().formatHex(id), pages);
  }

  /**
   * Checks that {@code page} is the data page commit {@code commitId} wrote on page {@code index},
   * with exactly the bytes it wrote.
   *
   * @return {@code null} if it is, else what is wrong
   */
  static String checkData(byte[] page, String commitId, int index) {
    byte[] expected = data(HexFormat.of().parseHex(commitId), index);
    if (Arrays.equals(page, expected)) {
      return null;
    }
    return "page "
        + index
        + " should hold commit "
        + commitId
        + "'s data but holds "
        + describe(page);
  }

  private static String describe(byte[] page) {
    if (page.length < HEADER) {
      return page.length == 0 ? "nothing (absent)" : page.length + " bytes";
    }
    ByteBuffer b = ByteBuffer.wrap(page);
    byte[] magic = new byte[4];
    byte[] id = new byte[16];
    b.get(magic).get(id);
    return new String(magic, java.nio.charset.StandardCharsets.ISO_8859_1)
        + " of commit "
        + HexFormat.of().formatHex(id)
        + " ("
        + page.length
        + " bytes, word "
        + b.getInt()
        + ")";
  }

  private static long seedOf(byte[] commitId, int page) {
    ByteBuffer b = ByteBuffer.wrap(commitId);
    return b.getLong() ^ Long.rotateLeft(b.getLong(), 17) ^ (page * 0x9E3779B97F4A7C15L);
  }
}
