package io.mvsqlite.store;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** Test helper: a wall clock that moves only when the test says so. Thread-safe. */
public final class ManualClock implements InstantSource {

  private final AtomicReference<Instant> now;

  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** A clock at a fixed, realistic time (2026-01-01T00:00:00Z). */
  public static ManualClock standard() {
    return new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  public long epochSecond() {
    return instant().getEpochSecond();
  }

  public void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  public void set(Instant t) {
    now.set(t);
  }
}
