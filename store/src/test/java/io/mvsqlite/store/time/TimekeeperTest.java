package io.mvsqlite.store.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.Time2VersionResult;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.Await;
import io.mvsqlite.store.MvStore;
import io.mvsqlite.store.StoreFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimekeeperTest extends StoreFixture {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private byte[] point(long secs) {
    try (KvTransaction tr = kv.createTransaction()) {
      return tr.get(keys.time2version(secs));
    }
  }

  private byte[] lockRecord() {
    try (KvTransaction tr = kv.createTransaction()) {
      return tr.get(keys.globalTask(Timekeeper.TASK));
    }
  }

  @Test
  void recordsTheVersionOfEachTickAtTheCurrentSecond() {
    try (Timekeeper tk = new Timekeeper(kv, keys, clock, Duration.ofMillis(20))) {
      tk.start();
      long t1 = clock.epochSecond();
      Await.until(WAIT, "a point at " + t1, () -> point(t1) != null);
      Version first = new Version(point(t1));
      clock.advance(Duration.ofSeconds(5));
      long t2 = clock.epochSecond();
      Await.until(WAIT, "a point at " + t2, () -> point(t2) != null);
      Version second = new Version(point(t2));
      assertThat(second).isGreaterThan(first);

      Time2VersionResult r = pages.time2version(t2);
      assertThat(r.after().time()).isEqualTo(t1);
      assertThat(r.notAfter().time()).isEqualTo(t2);
    }
    assertThat(lockRecord()).as("closing releases the timekeeper lock").isNull();
  }

  @Test
  void aTimekeeperStartedByTheEngineStopsWithIt() {
    long t = clock.epochSecond();
    try (MvStore engine =
        MvStore.builder(kv, config().withTimekeeperIntervalMillis(20))
            .clock(clock)
            .timekeeper(true)
            .open()) {
      Await.until(WAIT, "a point at " + t, () -> point(t) != null);
      assertThat(lockRecord()).isNotNull();
      assertThat(engine.config().timekeeperIntervalMillis()).isEqualTo(20);
    }
    assertThat(lockRecord()).isNull();
  }

  @Test
  void onlyTheLockHolderRecords() {
    try (Timekeeper a = new Timekeeper(kv, keys, clock, Duration.ofMillis(20));
        Timekeeper b = new Timekeeper(kv, keys, clock, Duration.ofMillis(20))) {
      a.start();
      Await.until(WAIT, "one timekeeper to hold the lock", () -> a.isLeader() || b.isLeader());
      b.start();
      long t = clock.epochSecond();
      Await.until(WAIT, "a point at " + t, () -> point(t) != null);
      assertThat(a.isLeader()).as("the first holder keeps the lock").isTrue();
      assertThat(b.isLeader()).isFalse();
    }
  }
}
