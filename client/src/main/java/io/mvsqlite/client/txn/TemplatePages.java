package io.mvsqlite.client.txn;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The first page of a valid, empty SQLite database, built for each page size: what a namespace that
 * has never been written looks like (reference client §4.3). It is exactly what SQLite's {@code
 * newDatabase()} writes, with the format versions of a rollback-journal database (1/1, not WAL), a
 * page count of 1 and the SQLite version number of the reference's templates (3031001), followed by
 * an empty {@code sqlite_schema} table b-tree leaf. The change counter and version-valid-for are
 * zero, as in every page mvSQLite stores.
 *
 * <p>Thread-safe; every call returns a fresh copy.
 */
public final class TemplatePages {

  /** {@code SQLITE_VERSION_NUMBER} stamped into the reference's template databases. */
  static final int TEMPLATE_SQLITE_VERSION = 3_031_001;

  private static final int SCHEMA_BTREE_OFFSET = 100;

  /** b-tree page type of a table leaf: intkey | leafdata | leaf. */
  private static final byte TABLE_LEAF = 0x0D;

  private static final ConcurrentMap<Integer, byte[]> BY_SIZE = new ConcurrentHashMap<>();

  private TemplatePages() {}

  /**
   * A one-page empty database with {@code pageSize}-byte pages (a power of two from 512 to 65536).
   */
  public static byte[] emptyDatabase(int pageSize) {
    if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
      throw new IllegalArgumentException("not a SQLite page size: " + pageSize);
    }
    return BY_SIZE.computeIfAbsent(pageSize, TemplatePages::build).clone();
  }

  private static byte[] build(int pageSize) {
    byte[] p = new byte[pageSize];
    byte[] magic = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, p, 0, magic.length);
    int encodedSize = pageSize == 65536 ? 1 : pageSize;
    p[HeaderFields.PAGE_SIZE] = (byte) (encodedSize >>> 8);
    p[HeaderFields.PAGE_SIZE + 1] = (byte) encodedSize;
    p[HeaderFields.WRITE_VERSION] = 1;
    p[HeaderFields.READ_VERSION] = 1;
    p[20] = 0; // reserved bytes per page
    p[21] = 64; // maximum embedded payload fraction
    p[22] = 32; // minimum embedded payload fraction
    p[23] = 32; // leaf payload fraction
    HeaderFields.putInt(p, HeaderFields.PAGE_COUNT, 1);
    HeaderFields.putInt(p, 96, TEMPLATE_SQLITE_VERSION);
    // The sqlite_schema table: an empty leaf, its cell content area starting at the end of the
    // page.
    p[SCHEMA_BTREE_OFFSET] = TABLE_LEAF;
    int contentStart = pageSize == 65536 ? 0 : pageSize;
    p[SCHEMA_BTREE_OFFSET + 5] = (byte) (contentStart >>> 8);
    p[SCHEMA_BTREE_OFFSET + 6] = (byte) contentStart;
    return p;
  }
}
