package io.mvsqlite.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Progress of a long command on standard error: a bar redrawn in place when standard error is a
 * terminal, otherwise a plain line every {@value #PLAIN_INTERVAL_SECONDS} seconds (logs and CI
 * output stay readable, no control characters), or nothing. The first plain line comes after the
 * first interval, so quick work prints no progress at all; the command's own summary (on standard
 * output) follows either way.
 *
 * <p>Thread-safe: workers report with {@link #advanceTo} or {@link #advance} from any thread;
 * drawing is throttled.
 */
public final class Progress implements AutoCloseable {

  /** How progress is shown; {@code AUTO} is a bar on a terminal and plain lines otherwise. */
  public enum Style {
    AUTO,
    BAR,
    PLAIN,
    NONE
  }

  static final int PLAIN_INTERVAL_SECONDS = 2;
  private static final long BAR_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final int BAR_WIDTH = 30;

  private final PrintStream err;
  private final Style style;
  private final String label;
  private final long total;
  private final String unit;
  private final long bytesPerUnit;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private final AtomicLong done = new AtomicLong();
  private long lastDrawNanos; // guarded by this
  private boolean drawn; // guarded by this

  private Progress(
      PrintStream err,
      Style style,
      String label,
      long total,
      String unit,
      long bytesPerUnit,
      LongSupplier nanoClock) {
    this.err = err;
    this.style = style;
    this.label = label;
    this.total = total;
    this.unit = unit;
    this.bytesPerUnit = bytesPerUnit;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
    this.lastDrawNanos = startNanos;
  }

  /**
   * Starts showing progress.
   *
   * @param total the amount of work, or -1 when unknown (then only the count is shown)
   * @param unit what is counted ("pages")
   * @param bytesPerUnit bytes per counted unit, to show a byte rate; 0 for none
   */
  public static Progress start(
      CliContext ctx, Style style, String label, long total, String unit, long bytesPerUnit) {
    return start(ctx, style, label, total, unit, bytesPerUnit, System::nanoTime);
  }

  /**
   * As {@link #start(CliContext, Style, String, long, String, long)}, timed by {@code nanoClock}
   * (tests).
   */
  static Progress start(
      CliContext ctx,
      Style style,
      String label,
      long total,
      String unit,
      long bytesPerUnit,
      LongSupplier nanoClock) {
    Style effective =
        style == Style.AUTO ? (ctx.stderrIsTerminal() ? Style.BAR : Style.PLAIN) : style;
    return new Progress(ctx.err(), effective, label, total, unit, bytesPerUnit, nanoClock);
  }

  /** Adds {@code n} units of work done. */
  public void advance(long n) {
    report(done.addAndGet(n));
  }

  /** Sets the work done (cumulative counts, as the admin API streams them). */
  public void advanceTo(long value) {
    done.set(value);
    report(value);
  }

  public long done() {
    return done.get();
  }

  /** Seconds since the start. */
  public double elapsedSeconds() {
    return (nanoClock.getAsLong() - startNanos) / 1e9;
  }

  private void report(long value) {
    if (style == Style.NONE) {
      return;
    }
    long now = nanoClock.getAsLong();
    synchronized (this) {
      long interval =
          style == Style.BAR
              ? BAR_INTERVAL_NANOS
              : TimeUnit.SECONDS.toNanos(PLAIN_INTERVAL_SECONDS);
      if (now - lastDrawNanos < interval && !(style == Style.BAR && total > 0 && value >= total)) {
        return;
      }
      lastDrawNanos = now;
      if (style == Style.BAR) {
        err.print("\r" + line(value, now) + "\u001b[K");
        drawn = true;
      } else {
        err.println(line(value, now));
      }
      err.flush();
    }
  }

  private String line(long value, long now) {
    double seconds = Math.max((now - startNanos) / 1e9, 1e-3);
    StringBuilder s = new StringBuilder(label);
    if (total > 0) {
      double fraction = Math.min(1.0, (double) value / total);
      if (style == Style.BAR) {
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        s.append(" [")
            .append("#".repeat(filled))
            .append(".".repeat(BAR_WIDTH - filled))
            .append(']');
      } else {
        s.append(':');
      }
      s.append(
          String.format(Locale.ROOT, " %3.0f%% %,d/%,d %s", fraction * 100, value, total, unit));
    } else {
      s.append(String.format(Locale.ROOT, ": %,d %s", value, unit));
    }
    if (bytesPerUnit > 0) {
      s.append(
          String.format(Locale.ROOT, ", %.1f MiB/s", value * bytesPerUnit / seconds / (1 << 20)));
    }
    if (total > 0 && value > 0 && value < total) {
      long eta = Math.round((total - value) * seconds / value);
      s.append(String.format(Locale.ROOT, ", %ds left", eta));
    }
    return s.toString();
  }

  /** Removes the bar (the caller prints its own summary). Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (drawn) {
        err.print("\r\u001b[K");
        err.flush();
        drawn = false;
      }
    }
  }
}
