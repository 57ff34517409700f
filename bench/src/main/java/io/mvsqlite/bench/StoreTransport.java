package io.mvsqlite.bench;

import java.util.Locale;

/**
 * How a benchmark reaches the engine: over HTTP to an mvstore on loopback, or in-process ("direct
 * mode").
 */
public enum StoreTransport {
  HTTP,
  DIRECT;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static StoreTransport parse(String text) {
    return switch (text) {
      case "http" -> HTTP;
      case "direct" -> DIRECT;
      default -> throw new IllegalArgumentException("a transport is http or direct: " + text);
    };
  }
}
