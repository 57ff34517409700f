package io.mvsqlite.protocol;

/**
 * Protocol limits shared by server and client (reference §14.1 compile-time constants, unless
 * noted).
 */
public final class Limits {

  /** Largest request frame, in bytes. */
  public static final int MAX_FRAME_BYTES = 40 * 1024;

  /** Largest JSON request body, in bytes. */
  public static final int MAX_JSON_BODY_BYTES = 40 * 1024;

  /** Largest page, in bytes. */
  public static final int MAX_PAGE_BYTES = 32 * 1024;

  /** Smallest page size a client may use. */
  public static final int MIN_PAGE_BYTES = 4 * 1024;

  public static final int MAX_PAGES_PER_READ = 200;
  public static final int MAX_PAGES_PER_WRITE = 100;
  public static final int MAX_FAST_WRITES_PER_COMMIT = 100;
  public static final int MAX_NAMESPACES_PER_COMMIT = 16;

  /**
   * Most page entries in one commit. The reference caps commits at 50,000 pages; mvSQLite stages
   * large commits over many short KV transactions (docs/commit-protocol.md) and accepts up to 2^20
   * (8 GiB at 8 KiB pages).
   */
  public static final int MAX_PAGES_PER_COMMIT = 1 << 20;

  /**
   * Largest read set sent for page-level conflict checks; bigger ones fall back to the
   * namespace-level check.
   */
  public static final int MAX_READ_SET_PAGES = 2000;

  /** Longest namespace-lock owner, in bytes. */
  public static final int MAX_LOCK_OWNER_BYTES = 256;

  /** Largest decompressed wire page (zstd) accepted by clients. */
  public static final int MAX_WIRE_DECOMPRESSED_BYTES = 1 << 20;

  private Limits() {}
}
