package io.mvsqlite.kv.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VersionClockTest {

  private static final long WALL_MICROS = 1_700_000_000_000_000L;

  /** A monotonic nanosecond clock the test advances by hand. */
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

  private VersionClock clock(long lastCommitted) {
    return new VersionClock(lastCommitted, WALL_MICROS, nanos::get);
  }

  @Test
  void versionsFollowTheClockInMicroseconds() {
    VersionClock clock = clock(0);
    assertThat(clock.nowMicros()).isEqualTo(WALL_MICROS);
    nanos.addAndGet(2_500_000);
    assertThat(clock.nowMicros()).isEqualTo(WALL_MICROS + 2_500);
    long v = clock.beginCommit();
    assertThat(v).isEqualTo(WALL_MICROS + 2_500);
    clock.publish(v);
  }

  @Test
  void commitVersionsStrictlyIncreaseWhenTheClockStandsStill() {
    VersionClock clock = clock(0);
    long previous = 0;
    for (int i = 0; i < 100; i++) {
      long v = clock.beginCommit();
      assertThat(v).isGreaterThan(previous);
      clock.publish(v);
      previous = v;
    }
  }

  @Test
  void commitVersionsExceedEveryReadVersionHandedOut() {
    VersionClock clock = clock(0);
    long v1 = clock.beginCommit();
    clock.publish(v1);
    long read = clock.readVersion();
    assertThat(read).isGreaterThanOrEqualTo(v1);
    long v2 = clock.beginCommit();
    assertThat(v2).isGreaterThan(read);
  }

  @Test
  void readVersionWhileACommitIsInFlightIsJustBelowIt() {
    VersionClock clock = clock(0);
    clock.publish(clock.beginCommit());
    nanos.addAndGet(10_000_000_000L);
    long inFlight = clock.beginCommit();
    long read = clock.readVersion();
    assertThat(read).isEqualTo(inFlight - 1);
    assertThat(read)
        .as("close to the clock, not the idle published version")
        .isGreaterThan(WALL_MICROS + 9_000_000);
    clock.publish(inFlight);
    assertThat(clock.readVersion()).isGreaterThanOrEqualTo(inFlight);
  }

  @Test
  void abandonedVersionsAreNeverReused() {
    VersionClock clock = clock(0);
    long burnt = clock.beginCommit();
    clock.abandon(burnt);
    long next = clock.beginCommit();
    assertThat(next).isGreaterThan(burnt);
    assertThat(clock.published()).isZero();
    clock.publish(next);
    assertThat(clock.published()).isEqualTo(next);
  }

  @Test
  void restartAfterTheClockWentBackwardsContinuesAboveTheLastVersion() {
    long persisted = WALL_MICROS + 3_600_000_000L;
    VersionClock clock = clock(persisted);
    assertThat(clock.nowMicros()).isGreaterThan(persisted);
    assertThat(clock.readVersion()).isGreaterThan(persisted);
    assertThat(clock.beginCommit()).isGreaterThan(persisted);
  }

  @Test
  void newestKnownCoversReadVersionsAndPublishedCommits() {
    VersionClock clock = clock(0);
    long read = clock.readVersion();
    assertThat(clock.newestKnown()).isEqualTo(read);
    long v = clock.beginCommit();
    assertThat(clock.newestKnown()).as("in flight is not yet known").isEqualTo(read);
    clock.publish(v);
    assertThat(clock.newestKnown()).isEqualTo(v);
  }

  @Test
  void onlyTheInFlightVersionCanBePublished() {
    VersionClock clock = clock(0);
    long v = clock.beginCommit();
    assertThatThrownBy(() -> clock.publish(v + 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(clock::beginCommit).isInstanceOf(IllegalStateException.class);
  }
}
