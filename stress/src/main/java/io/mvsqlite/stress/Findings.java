package io.mvsqlite.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What went wrong in a run: violations (a guarantee broken), unexpected errors (a failure the run
 * did not allow, e.g. a 500 after the retry deadline, a 410 without {@code --permit-410}), and
 * inconclusive checks (a check that failed but depends on a commit whose outcome stayed unknown, so
 * it proves nothing). Violations and errors fail the run. The first {@value #KEPT} of each are kept
 * with their messages; all are counted.
 *
 * <p>Thread-safe.
 */
final class Findings {

  static final int KEPT = 50;
  private static final Logger LOG = LoggerFactory.getLogger(Findings.class);

  private final List<Violation> violations = new ArrayList<>(); // guarded by this
  private final List<String> errors = new ArrayList<>(); // guarded by this
  private final AtomicLong violationCount = new AtomicLong();
  private final AtomicLong errorCount = new AtomicLong();
  private final AtomicLong inconclusiveCount = new AtomicLong();

  void violation(Violation v) {
    violationCount.incrementAndGet();
    LOG.error("VIOLATION {}", v.describe());
    synchronized (this) {
      if (violations.size() < KEPT) {
        violations.add(v);
      }
    }
  }

  void error(String context, Throwable t) {
    errorCount.incrementAndGet();
    String line = context + ": " + t;
    LOG.warn("unexpected error: {}", line);
    synchronized (this) {
      if (errors.size() < KEPT) {
        errors.add(line);
      }
    }
  }

  void inconclusive(String what) {
    inconclusiveCount.incrementAndGet();
    LOG.info("inconclusive check (depends on a commit with unknown outcome): {}", what);
  }

  synchronized List<Violation> violations() {
    return List.copyOf(violations);
  }

  synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  long violationCount() {
    return violationCount.get();
  }

  long errorCount() {
    return errorCount.get();
  }

  long inconclusiveCount() {
    return inconclusiveCount.get();
  }
}
