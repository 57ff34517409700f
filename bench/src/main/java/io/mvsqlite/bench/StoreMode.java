package io.mvsqlite.bench;

import java.util.Locale;

/** Whether the embedded store enforces FoundationDB's limits (strict) or not (relaxed). */
public enum StoreMode {
  STRICT,
  RELAXED;

  public boolean strict() {
    return this == STRICT;
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
