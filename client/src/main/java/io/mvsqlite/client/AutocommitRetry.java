package io.mvsqlite.client;

import static io.mvsqlite.protocol.SqliteCodes.SQLITE_BUSY;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.time.Duration;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * How the drop-in hosts (the {@code -javaagent} and the {@code LD_PRELOAD} shim) retry a statement
 * of an unmodified program that ran in autocommit mode and failed with {@code SQLITE_BUSY}: for
 * mvSQLite that is a conflict found at the commit, and running the statement again later is what
 * the program would have to do itself. The reference's shim does the same (reference client §10.1),
 * with a fixed 100 ms wait and no limit; this one is bounded.
 *
 * <p><b>Which steps are retried.</b> Only a step that (1) ran while the connection was in
 * autocommit mode ({@code sqlite3_get_autocommit} before the step) and (2) began a fresh execution
 * of its statement ({@code sqlite3_stmt_busy} false before the step: no row of this execution was
 * handed out yet), and (3) returned {@code SQLITE_BUSY} or one of its extended codes. SQLite has
 * then rolled the statement's transaction back, so resetting the statement and stepping it again is
 * indistinguishable from the program running it a little later. Statements inside an explicit
 * transaction ({@code BEGIN ... COMMIT}, JDBC with auto-commit off, Python's implicit transactions)
 * are never retried: their reads happened earlier, and only the program can redo them.
 *
 * <p><b>Waits.</b> Before retry {@code n} (1-based) the host resets the statement and waits a time
 * drawn uniformly from {@code [d/2, d]}, where {@code d = min(maxDelay, firstDelay × 2^(n-1))}. The
 * random half keeps two conflicting writers from retrying in lockstep. After {@link #maxRetries()}
 * retries the last {@code SQLITE_BUSY} is returned to the program. With the defaults the longest
 * total wait is about 12 s.
 *
 * <p>Configured by {@code MVSQLITE_AUTOCOMMIT_RETRIES} / {@code -Dmvsqlite.autocommitRetries} (the
 * number of retries; 0 disables retrying). The delays are fixed. The Java agent uses this class
 * directly; the C shim receives the numbers from {@link NativeHost#autocommitRetry()} and
 * implements the same formula.
 *
 * @param maxRetries retries after the first attempt (0 disables retrying)
 * @param firstDelay the upper bound of the first wait
 * @param maxDelay the largest upper bound of any wait
 */
public record AutocommitRetry(int maxRetries, Duration firstDelay, Duration maxDelay) {

  public static final int DEFAULT_MAX_RETRIES = 30;
  public static final Duration DEFAULT_FIRST_DELAY = Duration.ofMillis(5);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(500);

  /** The most retries accepted: beyond it a configuration is more likely a mistake than a wish. */
  public static final int MAX_RETRIES_LIMIT = 10_000;

  public AutocommitRetry {
    if (maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT) {
      throw new IllegalArgumentException("maxRetries must be 0.." + MAX_RETRIES_LIMIT);
    }
    if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException("delays must satisfy 0 <= firstDelay <= maxDelay");
    }
  }

  /** The defaults: {@value #DEFAULT_MAX_RETRIES} retries, waits from 5 ms doubling up to 500 ms. */
  public static AutocommitRetry defaults() {
    return new AutocommitRetry(DEFAULT_MAX_RETRIES, DEFAULT_FIRST_DELAY, DEFAULT_MAX_DELAY);
  }

  /**
   * The policy of this process: the system property over the environment variable over the
   * defaults.
   */
  public static AutocommitRetry fromProcess() {
    return from(System::getProperty, System::getenv);
  }

  /**
   * The policy given by {@code properties} (system properties) over {@code environment} over the
   * defaults.
   *
   * @throws MvException {@link ErrorCode#CLIENT_CONFIG} for a value that is not an integer from 0
   *     to {@value #MAX_RETRIES_LIMIT}
   */
  public static AutocommitRetry from(
      Function<String, String> properties, Function<String, String> environment) {
    Setting s = Setting.AUTOCOMMIT_RETRIES;
    String value = properties.apply(s.property());
    if (value == null || value.isBlank()) {
      value = environment.apply(s.environment());
    }
    if (value == null || value.isBlank()) {
      return defaults();
    }
    int retries;
    try {
      retries = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      retries = -1;
    }
    if (retries < 0 || retries > MAX_RETRIES_LIMIT) {
      throw new MvException(
          ErrorCode.CLIENT_CONFIG,
          "invalid "
              + ClientConfig.describe(s)
              + ": '"
              + value
              + "'; expected an integer from 0 (no retries) to "
              + MAX_RETRIES_LIMIT);
    }
    return new AutocommitRetry(retries, DEFAULT_FIRST_DELAY, DEFAULT_MAX_DELAY);
  }

  /** True for {@code SQLITE_BUSY} and its extended codes ({@code SQLITE_BUSY_SNAPSHOT}, ...). */
  public static boolean isBusy(int resultCode) {
    return (resultCode & 0xFF) == SQLITE_BUSY;
  }

  /**
   * The wait before retry {@code retry} (1-based), in nanoseconds, drawn from {@code random}.
   *
   * @throws IllegalArgumentException if {@code retry} is below 1
   */
  public long delayNanos(int retry, RandomGenerator random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retries are numbered from 1");
    }
    long first = firstDelay.toNanos();
    long max = maxDelay.toNanos();
    int doublings = Math.min(retry - 1, 62);
    long bound = first > (max >> doublings) ? max : Math.min(max, first << doublings);
    long half = bound / 2;
    return half + (bound - half == 0 ? 0 : random.nextLong(bound - half + 1));
  }
}
