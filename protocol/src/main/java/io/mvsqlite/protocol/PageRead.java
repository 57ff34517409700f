package io.mvsqlite.protocol;

/**
 * One page to read: the newest version of page {@code pageIndex} at or before {@code version}. When
 * {@code hash} is set the page was uploaded by the reading transaction itself, and its content is
 * returned by hash (read-your-writes for uploaded pages).
 */
public record PageRead(int pageIndex, Version version, PageHash hash) {

  public static PageRead at(int pageIndex, Version version) {
    return new PageRead(pageIndex, version, null);
  }
}
