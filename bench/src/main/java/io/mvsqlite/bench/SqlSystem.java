package io.mvsqlite.bench;

import java.util.Locale;

/** The systems {@link SqlBenchmark} compares. */
public enum SqlSystem {
  /** SQLite through sqlite-jdbc on a local file: the reference point. */
  LOCAL("local SQLite"),
  /** mvSQLite over HTTP to an mvstore on a loopback port of the same process. */
  HTTP("mvSQLite http"),
  /** mvSQLite in direct mode: the engine in-process. */
  DIRECT("mvSQLite direct");

  private final String description;

  SqlSystem(String description) {
    this.description = description;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String description() {
    return description;
  }

  public boolean isMvSqlite() {
    return this != LOCAL;
  }

  static SqlSystem parse(String text) {
    return switch (text) {
      case "local" -> LOCAL;
      case "http" -> HTTP;
      case "direct" -> DIRECT;
      default -> throw new IllegalArgumentException("a system is local, http or direct: " + text);
    };
  }
}
