package io.mvsqlite.store;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Test helper: waits for observable state (a key written by a background task, a flag) with a
 * deadline, instead of sleeping a fixed time and hoping the work is done.
 */
public final class Await {

  private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

  private Await() {}

  /**
   * Returns as soon as {@code condition} holds; fails with {@code what} if it does not within
   * {@code timeout}.
   */
  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
