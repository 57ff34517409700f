package io.mvsqlite.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.FaultPlan;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reference CI's stress jobs at soak size ({@link CiConfigurations#SOAK}: 50 tasks × 5000
 * actions over 1000 pages, a few minutes each), plus ten minutes of faults and staged commits in
 * direct mode. Excluded from the default build; run with {@code mvnl -pl stress test -Dgroups=soak
 * -Dtest.excluded.groups=none}.
 */
@Tag("soak")
class SoakStressTest {

  private static void run(StressConfig config) {
    StressReport report = StressRunner.run(config);
    System.out.println(report.table());
    assertThat(report.passed()).as(report.table()).isTrue();
    assertThat(report.commits()).as(report.table()).isPositive();
  }

  @Test
  void defaults() {
    run(CiConfigurations.defaults(CiConfigurations.SOAK, 2001));
  }

  @Test
  void readSetDisabled() {
    run(CiConfigurations.readSetDisabled(CiConfigurations.SOAK, 2002));
  }

  @Test
  void smallGcBatches() {
    run(CiConfigurations.smallGcBatches(CiConfigurations.SOAK, 2003));
  }

  @Test
  void freshPageTtlZeroWith410Permitted() {
    run(CiConfigurations.ttlZero(CiConfigurations.SOAK, 2004));
  }

  @Test
  void multiPhaseCommitsEverywhereRacingWithGc() {
    run(CiConfigurations.multiPhaseEverywhere(CiConfigurations.SOAK, 2005));
  }

  @Test
  void stagedCommitsEverywhere() {
    run(CiConfigurations.stagedEverywhere(CiConfigurations.SOAK, 2006));
  }

  @Test
  void kvFaultsIncludingUnknownCommitResults() {
    run(CiConfigurations.kvFaults(CiConfigurations.SOAK, 2007));
  }

  @Test
  void tenMinutesOfFaultsInDirectMode() {
    run(
        StressConfig.builder()
            .target(
                new StressConfig.Direct(
                    EngineKnobs.defaults()
                        .withGcScanBatchSize(50)
                        .withCommitStagedThreshold(40)
                        .withFaults(new FaultPlan(2008, 0.001, 0.001, 0.02, 0.02)),
                    null))
            .concurrency(32)
            .iterations(Integer.MAX_VALUE)
            .duration(Duration.ofMinutes(10))
            .pages(500)
            .maxPagesPerWrite(50)
            .seed(2008)
            .build());
  }
}
