package io.mvsqlite.stress;

import io.mvsqlite.kv.FaultKind;
import io.mvsqlite.stress.StressStats.Counter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a stress run: its counters, the faults injected, what went wrong, how long it
 * took. A run {@linkplain #passed() passes} when it found no violation and no unexpected error.
 * Immutable.
 *
 * @param flags the command-line flags that repeat the run (seed included)
 * @param target what was driven
 * @param counters every counter of {@link StressStats.Counter}
 * @param faults faults injected under the engine, by kind (empty: none, or unknown)
 * @param violations the first violations (at most {@value Findings#KEPT})
 * @param violationCount all violations
 * @param errors the first unexpected errors
 * @param errorCount all unexpected errors
 * @param inconclusive failed checks that depend on a commit with an unknown outcome
 * @param duration the whole run, setup and final checks included
 */
public record StressReport(
    String flags,
    String target,
    Map<Counter, Long> counters,
    Map<FaultKind, Long> faults,
    List<Violation> violations,
    long violationCount,
    List<String> errors,
    long errorCount,
    long inconclusive,
    Duration duration) {

  public boolean passed() {
    return violationCount == 0 && errorCount == 0;
  }

  public long get(Counter c) {
    return counters.getOrDefault(c, 0L);
  }

  public long commits() {
    return get(Counter.COMMITS);
  }

  public long conflicts() {
    return get(Counter.CONFLICTS);
  }

  public long readsChecked() {
    return get(Counter.PAGES_CHECKED);
  }

  public long faultsInjected() {
    return faults.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The summary table, with the violations and errors below it. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("mvstore-stress ").append(passed() ? "PASSED" : "FAILED").append('\n');
    sb.append("  target: ").append(target).append('\n');
    sb.append("  repeat: ").append(flags).append('\n');
    row(sb, "duration", String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0));
    for (Counter c : Counter.values()) {
      row(sb, c.label, Long.toString(get(c)));
    }
    if (faults.isEmpty()) {
      row(sb, "faults injected", "none");
    } else {
      StringBuilder f = new StringBuilder().append(faultsInjected()).append(" (");
      faults.forEach(
          (k, v) -> f.append(k.name().toLowerCase(Locale.ROOT)).append('=').append(v).append(' '));
      row(sb, "faults injected", f.toString().strip() + ")");
    }
    row(sb, "inconclusive checks", Long.toString(inconclusive));
    row(sb, "unexpected errors", Long.toString(errorCount));
    row(sb, "VIOLATIONS", Long.toString(violationCount));
    for (Violation v : violations) {
      sb.append("  violation: ").append(v.describe()).append('\n');
    }
    for (String e : errors) {
      sb.append("  error: ").append(e).append('\n');
    }
    return sb.toString();
  }

  /** One line: the numbers a CI log needs. */
  public String oneLine() {
    return String.format(
        Locale.ROOT,
        "%s in %.1f s: %d commits, %d conflicts, %d reads checked, %d serializability checks, %d truncations, %d GC"
            + " runs, %d faults, %d errors, %d violations",
        passed() ? "PASSED" : "FAILED",
        duration.toMillis() / 1000.0,
        commits(),
        conflicts(),
        readsChecked(),
        get(Counter.SERIAL_CHECKS),
        get(Counter.TRUNCATIONS),
        get(Counter.GC_RUNS),
        faultsInjected(),
        errorCount,
        violationCount);
  }

  private static void row(StringBuilder sb, String label, String value) {
    sb.append(String.format(Locale.ROOT, "  %-58s %s%n", label, value));
  }

  @Override
  public String toString() {
    return table();
  }
}
