package io.mvsqlite.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.protocol.MvException;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AutocommitRetryTest {

  @Test
  void waitsDoubleFromTheFirstDelayUpToTheMaximumWithinTheJitterBand() {
    AutocommitRetry policy = AutocommitRetry.defaults();
    SplittableRandom random = new SplittableRandom(42);
    for (int retry = 1; retry <= 40; retry++) {
      long bound =
          Math.min(
              Duration.ofMillis(500).toNanos(),
              Duration.ofMillis(5).toNanos() << Math.min(retry - 1, 20));
      for (int i = 0; i < 50; i++) {
        assertThat(policy.delayNanos(retry, random))
            .as("retry %d", retry)
            .isBetween(bound / 2, bound);
      }
    }
  }

  @Test
  void onlyBusyAndItsExtendedCodesAreRetried() {
    assertThat(AutocommitRetry.isBusy(5)).isTrue();
    assertThat(AutocommitRetry.isBusy(5 | (2 << 8))).isTrue();
    assertThat(AutocommitRetry.isBusy(6)).isFalse();
    assertThat(AutocommitRetry.isBusy(0)).isFalse();
  }

  @Test
  void thePropertyOverridesTheEnvironmentAndZeroDisables() {
    Map<String, String> env = Map.of("MVSQLITE_AUTOCOMMIT_RETRIES", "7");
    assertThat(AutocommitRetry.from(p -> null, env::get).maxRetries()).isEqualTo(7);
    assertThat(
            AutocommitRetry.from(Map.of("mvsqlite.autocommitRetries", "0")::get, env::get)
                .maxRetries())
        .isZero();
    assertThat(AutocommitRetry.from(p -> null, e -> null)).isEqualTo(AutocommitRetry.defaults());
  }

  @Test
  void anInvalidCountIsAConfigurationErrorNamingTheSetting() {
    for (String bad : new String[] {"many", "-1", "10001"}) {
      assertThatThrownBy(
              () ->
                  AutocommitRetry.from(p -> null, Map.of("MVSQLITE_AUTOCOMMIT_RETRIES", bad)::get))
          .isInstanceOf(MvException.class)
          .hasMessageContaining("MVSQLITE_AUTOCOMMIT_RETRIES");
    }
  }
}
