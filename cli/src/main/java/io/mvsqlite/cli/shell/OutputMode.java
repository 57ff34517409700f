package io.mvsqlite.cli.shell;

import java.util.Locale;

/** The shell's result formats, as sqlite3's {@code .mode} names them. */
public enum OutputMode {
  /** Values separated by {@code |}, one row per line (the default). */
  LIST,
  /** RFC 4180 CSV, rows ended by CRLF, fields quoted when needed. */
  CSV,
  /**
   * Left-aligned columns as wide as their widest value, headers underlined with dashes (headers on
   * by default).
   */
  COLUMN,
  /** One {@code name = value} line per column, a blank line between rows. */
  LINE,
  /** A JSON array of objects, one per row. */
  JSON,
  /** An ASCII table with borders (always with headers). */
  TABLE;

  /** The name as typed in {@code .mode}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code text} (any case), or {@code null}. */
  static OutputMode parse(String text) {
    for (OutputMode m : values()) {
      if (m.label().equalsIgnoreCase(text)) {
        return m;
      }
    }
    return null;
  }

  /** Every mode's name, for messages. */
  static String names() {
    StringBuilder s = new StringBuilder();
    for (OutputMode m : values()) {
      s.append(s.isEmpty() ? "" : " ").append(m.label());
    }
    return s.toString();
  }
}
