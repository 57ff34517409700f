package io.mvsqlite.cli.transfer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fields of a SQLite database header (the first 100 bytes of page 1; sqlite.org/fileformat.html
 * §1.3) that import and export read or rewrite. All integers are big-endian.
 *
 * <pre>
 * offset size field
 *   0    16  "SQLite format 3\0"
 *  16     2  page size in bytes (1 means 65536)
 *  18     1  file format write version: 1 rollback journal, 2 WAL
 *  19     1  file format read version: 1 rollback journal, 2 WAL
 *  24     4  file change counter
 *  28     4  database size in pages (valid only if nonzero and the change counter equals version-valid-for)
 *  92     4  version-valid-for number
 * </pre>
 *
 * <p>mvSQLite stores page 1 with the change counter and version-valid-for zeroed (its clients
 * rewrite both on every read, docs/client.md §3), which keeps the size field valid. Import stores
 * pages the same way; export writes both as 1, so the exported file's size field is valid for
 * SQLite.
 *
 * @param pageSizeBytes the page size
 * @param writeVersion byte 18
 * @param readVersion byte 19
 * @param changeCounter bytes 24..28
 * @param pageCountField bytes 28..32
 * @param versionValidFor bytes 92..96
 */
record SqliteHeader(
    int pageSizeBytes,
    int writeVersion,
    int readVersion,
    int changeCounter,
    int pageCountField,
    int versionValidFor) {

  static final int SIZE = 100;
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final int WAL = 2;

  /**
   * Reads the header at the start of {@code bytes}.
   *
   * @throws IllegalArgumentException if it is not a SQLite database header (the message says why)
   */
  static SqliteHeader parse(byte[] bytes) {
    if (bytes.length < SIZE) {
      throw new IllegalArgumentException(
          "it is shorter than a SQLite header (" + bytes.length + " bytes)");
    }
    if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IllegalArgumentException(
          "it does not start with \"SQLite format 3\" (not a SQLite database, or an"
              + " encrypted one)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int raw = b.getShort(16) & 0xffff;
    int pageSize = raw == 1 ? 65536 : raw;
    if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
      throw new IllegalArgumentException("its header has an invalid page size (" + raw + ")");
    }
    return new SqliteHeader(
        pageSize, bytes[18] & 0xff, bytes[19] & 0xff, b.getInt(24), b.getInt(28), b.getInt(92));
  }

  /**
   * True if the file is in WAL mode (its pages may be incomplete without the {@code -wal} file).
   */
  boolean isWal() {
    return writeVersion == WAL || readVersion == WAL;
  }

  /** True if {@link #pageCountField} can be trusted (SQLite 3.7.0 and later keep it so). */
  boolean pageCountValid() {
    return pageCountField != 0 && changeCounter == versionValidFor;
  }

  /**
   * Page 1 as mvSQLite stores it: change counter and version-valid-for zeroed, the size field set.
   */
  static void prepareForStore(byte[] page, int pageCount) {
    ByteBuffer b = ByteBuffer.wrap(page);
    b.putInt(24, 0);
    b.putInt(28, pageCount);
    b.putInt(92, 0);
  }

  /**
   * Page 1 as a file needs it: rollback-journal format (not WAL), change counter and
   * version-valid-for 1 (so the size field is valid), the size field set.
   */
  static void prepareForFile(byte[] page, int pageCount) {
    ByteBuffer b = ByteBuffer.wrap(page);
    page[18] = 1;
    page[19] = 1;
    b.putInt(24, 1);
    b.putInt(28, pageCount);
    b.putInt(92, 1);
  }
}
