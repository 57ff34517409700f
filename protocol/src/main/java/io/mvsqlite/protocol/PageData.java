package io.mvsqlite.protocol;

/**
 * A page as read: the version of the page write that produced it and its raw bytes. An absent page
 * (never written, or empty) has a {@code null} version and empty data.
 */
public record PageData(Version version, byte[] data) {

  private static final PageData ABSENT = new PageData(null, new byte[0]);

  public static PageData absent() {
    return ABSENT;
  }

  public boolean isAbsent() {
    return data.length == 0;
  }
}
