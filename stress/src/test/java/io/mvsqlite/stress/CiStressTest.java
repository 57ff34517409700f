package io.mvsqlite.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.FaultKind;
import io.mvsqlite.stress.StressStats.Counter;
import org.junit.jupiter.api.Test;

/**
 * The reference CI's stress jobs in a short form ({@link CiConfigurations#SHORT}), each against an
 * mvstore started in this process over HTTP, with a fixed seed (printed in the report's "repeat"
 * line). Each asserts a clean run (no violation, no unexpected error) and that real work happened:
 * commits, conflicts, checked reads, and the activity the configuration is about (truncations,
 * collected content, staged commits, injected faults).
 *
 * <p>The long runs are {@link SoakStressTest} ({@code mvnl -pl stress test -Dgroups=soak
 * -Dtest.excluded.groups=none}).
 */
class CiStressTest {

  private static final int MIN_COMMITS = 15;
  private static final int MIN_CONFLICTS = 15;
  private static final int MIN_READS_CHECKED = 2000;

  private static StressReport run(StressConfig config) {
    StressReport report = StressRunner.run(config);
    System.out.println(report.table());
    assertThat(report.passed()).as(report.table()).isTrue();
    assertThat(report.violationCount()).as(report.table()).isZero();
    assertThat(report.commits()).as(report.table()).isGreaterThanOrEqualTo(MIN_COMMITS);
    assertThat(report.conflicts()).as(report.table()).isGreaterThanOrEqualTo(MIN_CONFLICTS);
    assertThat(report.readsChecked()).as(report.table()).isGreaterThanOrEqualTo(MIN_READS_CHECKED);
    assertThat(report.get(Counter.SERIAL_CHECKS)).as(report.table()).isEqualTo(report.commits());
    assertThat(report.get(Counter.TXNS_TIME_TRAVEL)).as(report.table()).isPositive();
    assertThat(report.get(Counter.TRUNCATIONS)).as(report.table()).isPositive();
    assertThat(report.get(Counter.WATERMARK_CHECKS))
        .as(report.table())
        .isEqualTo(report.get(Counter.TRUNCATIONS));
    assertThat(report.get(Counter.LATE_WATERMARK)).as("one engine: no grace").isZero();
    assertThat(report.get(Counter.GC_RUNS)).as(report.table()).isPositive();
    return report;
  }

  @Test
  void defaults() {
    StressReport r = run(CiConfigurations.defaults(CiConfigurations.SHORT, 1001));
    assertThat(r.get(Counter.RYW_CHECKED)).as(r.table()).isPositive();
    assertThat(r.get(Counter.DELTA_WRITES)).as(r.table()).isPositive();
  }

  @Test
  void readSetDisabled() {
    run(CiConfigurations.readSetDisabled(CiConfigurations.SHORT, 1002));
  }

  @Test
  void smallGcBatches() {
    StressReport r = run(CiConfigurations.smallGcBatches(CiConfigurations.SHORT, 1003));
    assertThat(r.get(Counter.VERSIONS_DELETED)).as(r.table()).isPositive();
  }

  @Test
  void freshPageTtlZeroWith410Permitted() {
    StressReport r = run(CiConfigurations.ttlZero(CiConfigurations.SHORT, 1004));
    assertThat(r.get(Counter.CONTENTS_DELETED)).as(r.table()).isPositive();
  }

  @Test
  void multiPhaseCommitsEverywhereRacingWithGc() {
    StressReport r = run(CiConfigurations.multiPhaseEverywhere(CiConfigurations.SHORT, 1005));
    assertThat(r.get(Counter.CONTENTS_DELETED)).as(r.table()).isPositive();
  }

  @Test
  void stagedCommitsEverywhere() {
    StressReport r = run(CiConfigurations.stagedEverywhere(CiConfigurations.SHORT, 1006));
    assertThat(r.get(Counter.LARGE_COMMITS)).as(r.table()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void kvFaultsIncludingUnknownCommitResults() {
    StressReport r = run(CiConfigurations.kvFaults(CiConfigurations.SHORT, 1007));
    assertThat(r.faults().get(FaultKind.COMMIT_UNKNOWN_COMMITTED)).as(r.table()).isPositive();
    assertThat(r.faults().get(FaultKind.COMMIT_UNKNOWN_NOT_COMMITTED)).as(r.table()).isPositive();
    assertThat(r.faults().get(FaultKind.READ_CONFLICT) + r.faults().get(FaultKind.READ_TRANSIENT))
        .as(r.table())
        .isPositive();
  }
}
