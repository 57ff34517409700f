package io.mvsqlite.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delaysGrowByHalfUpToTenSecondsWithTwentyPercentJitter() {
    long seed = 42;
    Backoff b = new Backoff(new Random(seed));
    double base = 50;
    for (int i = 0; i < 30; i++) {
      long delay = b.next().toMillis();
      long expected = Math.round(base);
      assertThat(delay)
          .as("attempt %d (seed %d)", i, seed)
          .isBetween(expected - Math.round(expected * 0.2), expected + Math.round(expected * 0.2));
      base = Math.min(base * 1.5, 10_000);
    }
  }
}
