package io.mvsqlite.client.txn;

/**
 * The fields of SQLite's 100-byte database header (at the start of page 0) that mvSQLite reads or
 * rewrites, from SQLite's file-format documentation. All integers are big-endian.
 *
 * <table>
 *   <caption>Header fields used</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th><th>use</th></tr>
 *   <tr><td>16</td><td>2</td><td>page size (1 means 65536)</td><td>learning a namespace's page size</td></tr>
 *   <tr><td>18, 19</td><td>1, 1</td><td>write / read format version (2 = WAL)</td><td>refusing WAL</td></tr>
 *   <tr><td>24</td><td>4</td><td>file change counter</td><td>zeroed on write, virtual counter on read</td></tr>
 *   <tr><td>28</td><td>4</td><td>database size in pages</td><td>the file size</td></tr>
 *   <tr><td>92</td><td>4</td><td>version-valid-for</td><td>as the change counter</td></tr>
 * </table>
 */
public final class HeaderFields {

  public static final int HEADER_BYTES = 100;
  public static final int PAGE_SIZE = 16;
  public static final int WRITE_VERSION = 18;
  public static final int READ_VERSION = 19;
  public static final int CHANGE_COUNTER = 24;
  public static final int PAGE_COUNT = 28;
  public static final int VERSION_VALID_FOR = 92;

  /** The format version byte value that means WAL. */
  public static final int WAL_FORMAT = 2;

  private HeaderFields() {}

  /** The page size a header declares, or 0 if {@code page0} is too short to hold it. */
  public static int pageSize(byte[] page0) {
    if (page0.length < HEADER_BYTES) {
      return 0;
    }
    int v = ((page0[PAGE_SIZE] & 0xff) << 8) | (page0[PAGE_SIZE + 1] & 0xff);
    return v == 1 ? 65536 : v;
  }

  /** The database size in pages a header declares. */
  public static int pageCount(byte[] page0) {
    return getInt(page0, PAGE_COUNT);
  }

  /** True if the header says the database is in WAL mode. */
  public static boolean isWal(byte[] page0) {
    return page0[WRITE_VERSION] == WAL_FORMAT || page0[READ_VERSION] == WAL_FORMAT;
  }

  public static int changeCounter(byte[] page0) {
    return getInt(page0, CHANGE_COUNTER);
  }

  /**
   * Zeroes the change counter and version-valid-for, which mvSQLite never stores (they vary per
   * connection).
   */
  public static void zeroCounters(byte[] page0) {
    putInt(page0, CHANGE_COUNTER, 0);
    putInt(page0, VERSION_VALID_FOR, 0);
  }

  /**
   * Writes {@code counter} into the change counter and version-valid-for of a slice of page 0 that
   * SQLite reads: {@code dst[0]} holds the page's byte {@code pageOffset}. Bytes of the two fields
   * outside the slice are skipped.
   */
  public static void stampCounters(byte[] dst, int pageOffset, int counter) {
    for (int field : new int[] {CHANGE_COUNTER, VERSION_VALID_FOR}) {
      for (int i = 0; i < 4; i++) {
        int at = field + i - pageOffset;
        if (at >= 0 && at < dst.length) {
          dst[at] = (byte) (counter >>> (24 - 8 * i));
        }
      }
    }
  }

  static int getInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
