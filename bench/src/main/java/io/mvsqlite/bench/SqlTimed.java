package io.mvsqlite.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Timed measurements of {@link SqlBenchmark}: a warm-up, then timed runs of an operation on some
 * threads, with the page-store calls of the measured runs taken from the system's counters.
 * Progress is printed as each figure is taken.
 */
final class SqlTimed {

  private SqlTimed() {}

  /**
   * Measures {@code op} on {@code threads} threads: units per second of each run.
   *
   * @param transactions counts the transactions {@code op} completes (read by the breakdown), or is
   *     ignored
   */
  static SqlFigure throughput(
      SqlEndpoint endpoint,
      SqlMetric metric,
      SqlBenchmarkSettings settings,
      int threads,
      Throughput.Operation op,
      LongAdder transactions,
      PrintStream progress) {
    if (!settings.warmup().isZero()) {
      Throughput.measure(threads, settings.warmup(), settings.seed(), op);
    }
    TimedPageStore.Snapshot before = endpoint.layers();
    long transactionsBefore = transactions.sum();
    long start = System.nanoTime();
    List<Double> runs = new ArrayList<>();
    for (int run = 0; run < settings.runs(); run++) {
      runs.add(Throughput.measure(threads, settings.runDuration(), settings.seed() + run + 1, op));
    }
    double wall = (System.nanoTime() - start) / 1e9;
    SqlFigure f =
        new SqlFigure(
            endpoint.system,
            metric,
            runs,
            transactions.sum() - transactionsBefore,
            wall,
            endpoint.layers().minus(before));
    report(f, progress);
    return f;
  }

  static void report(SqlFigure f, PrintStream progress) {
    progress.printf(
        Locale.ROOT,
        "%-7s %-50s %,14.2f %-9s (runs: %s)%n",
        f.system().label(),
        f.metric().label(),
        f.value(),
        f.metric().unit(),
        String.join(
            ", ", f.runs().stream().map(r -> String.format(Locale.ROOT, "%,.2f", r)).toList()));
  }
}
