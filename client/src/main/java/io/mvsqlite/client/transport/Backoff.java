package io.mvsqlite.client.transport;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The reference's randomized exponential backoff (§2.2): the first delay is 50 ms, each later one
 * 1.5 times the previous, capped at 10 s; each actual sleep is the base delay plus a uniform offset
 * within ±20 % of it. One instance per logical operation. Not thread-safe.
 */
final class Backoff {

  static final long INITIAL_MILLIS = 50;
  static final double FACTOR = 1.5;
  static final long MAX_MILLIS = 10_000;
  static final double JITTER = 0.2;

  private final RandomGenerator random;
  private double baseMillis = INITIAL_MILLIS;

  Backoff(RandomGenerator random) {
    this.random = random;
  }

  /** The next delay to sleep, and advances the base delay. */
  Duration next() {
    long base = Math.round(baseMillis);
    long spread = Math.round(base * JITTER);
    long delay = base + (spread == 0 ? 0 : random.nextLong(-spread, spread + 1));
    baseMillis = Math.min(baseMillis * FACTOR, MAX_MILLIS);
    return Duration.ofMillis(Math.max(delay, 0));
  }
}
