package io.mvsqlite.bench;

import java.util.Locale;

/**
 * A performance target and whether a measured value meets it.
 *
 * @param what the compared quantity, e.g. "warm point reads, mvSQLite / local"
 * @param system the system it concerns
 * @param value the measured value (a ratio, or a percentage)
 * @param atLeast true if the value must be at least the target, false if at most
 * @param target the bound
 */
public record TargetCheck(
    String what, SqlSystem system, double value, boolean atLeast, double target) {

  public boolean passed() {
    return atLeast ? value >= target : value <= target;
  }

  public String bound() {
    return (atLeast ? ">= " : "<= ") + String.format(Locale.ROOT, "%.2f", target);
  }
}
