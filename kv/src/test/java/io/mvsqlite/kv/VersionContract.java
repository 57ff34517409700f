package io.mvsqlite.kv;

import static io.mvsqlite.kv.KvTestData.bytes;
import static io.mvsqlite.kv.KvTestData.keysAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Contract: commit versions, read versions, reading the past, the MVCC window. */
public interface VersionContract extends KvContractFixture {

  @Test
  default void commitVersionsStrictlyIncrease() {
    List<Long> versions = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      try (KvTransaction tr = store().createTransaction()) {
        long readVersion = tr.getReadVersion();
        tr.set(key("k"), bytes(Integer.toString(i)));
        long version = tr.commit().version();
        assertThat(version).isGreaterThan(readVersion);
        versions.add(version);
      }
    }
    assertThat(versions).isSorted().doesNotHaveDuplicates();
  }

  @Test
  default void laterReadVersionsSeeEarlierCommits() {
    long committed = put("k", "v").version();
    try (KvTransaction tr = store().createTransaction()) {
      assertThat(tr.getReadVersion()).isGreaterThanOrEqualTo(committed);
      assertThat(tr.get(key("k"))).isEqualTo(bytes("v"));
    }
  }

  @Test
  default void commitVersionsIncreaseAcrossReopen() {
    long before = put("k", "1").version();
    reopen();
    try (KvTransaction tr = store().createTransaction()) {
      assertThat(tr.getReadVersion()).isGreaterThanOrEqualTo(before);
    }
    long after = put("k", "2").version();
    assertThat(after).isGreaterThan(before);
  }

  @Test
  default void olderReadVersionReadsTheOlderState() {
    long v1 = put("k", "1", "a", "x").version();
    long v2 = put("k", "2", "b", "y").version();
    try (KvTransaction tr = store().createTransaction()) {
      tr.setReadVersion(v1);
      assertThat(tr.get(key("k"))).isEqualTo(bytes("1"));
      assertThat(keysAfter(prefix(), tr.getRange(prefix(), prefixEnd()))).containsExactly("a", "k");
      assertThat(tr.getReadVersion()).isEqualTo(v1);
    }
    try (KvTransaction tr = store().createTransaction()) {
      tr.setReadVersion(v2);
      assertThat(tr.get(key("k"))).isEqualTo(bytes("2"));
      assertThat(keysAfter(prefix(), tr.getRange(prefix(), prefixEnd())))
          .containsExactly("a", "b", "k");
    }
  }

  @Test
  default void readVersionCannotBeSetTwice() {
    try (KvTransaction tr = store().createTransaction()) {
      long readVersion = tr.getReadVersion();
      assertKvError(KvError.INVALID_ARGUMENT, () -> tr.setReadVersion(readVersion));
    }
  }

  @Test
  default void futureReadVersionIsRejected() {
    long now;
    try (KvTransaction tr = store().createTransaction()) {
      now = tr.getReadVersion();
    }
    try (KvTransaction tr = store().createTransaction()) {
      assertThatThrownBy(
              () -> {
                tr.setReadVersion(now + 1_000_000_000_000L);
                tr.get(key("k"));
              })
          .isInstanceOf(KvException.class)
          .satisfies(e -> assertThat(((KvException) e).error()).isEqualTo(KvError.FUTURE_VERSION));
    }
  }

  @Test
  default void readVersionOlderThanTheWindowIsTooOld() throws InterruptedException {
    Duration window = Duration.ofMillis(300);
    try (KvStore small = storeWithMvccWindow(window)) {
      try (KvTransaction setup = small.createTransaction()) {
        setup.set(key("k"), bytes("v"));
        setup.commit();
      }
      try (KvTransaction tr = small.createTransaction()) {
        long readVersion = tr.getReadVersion();
        assertThat(tr.get(key("k"))).isEqualTo(bytes("v"));
        waitLongerThan(window);
        assertTooOld(() -> tr.get(key("k")));
        assertTooOld(() -> tr.snapshot().getRange(prefix(), prefixEnd()));
        tr.set(key("k2"), bytes("v"));
        assertTooOld(tr::commit);
        try (KvTransaction late = small.createTransaction()) {
          assertTooOld(
              () -> {
                late.setReadVersion(readVersion);
                late.get(key("k"));
              });
        }
      }
    }
  }

  /** The real FoundationDB window: 5 seconds. Slow, so tagged "soak". */
  @Test
  @Tag("soak")
  default void readVersionOlderThanFiveSecondsIsTooOld() throws InterruptedException {
    put("k", "v");
    try (KvTransaction tr = store().createTransaction()) {
      assertThat(tr.get(key("k"))).isEqualTo(bytes("v"));
      waitLongerThan(Duration.ofMillis(KvLimits.MVCC_WINDOW_MILLIS));
      assertTooOld(() -> tr.get(key("k")));
    }
  }

  private void assertTooOld(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(KvException.class)
        .satisfies(
            e -> {
              assertThat(((KvException) e).error()).isEqualTo(KvError.TRANSACTION_TOO_OLD);
              assertThat(((KvException) e).isRetryable()).isTrue();
            });
  }

  /**
   * Lets wall-clock time pass: the MVCC window is measured in time, so this is the behaviour under
   * test, not a synchronisation with other threads.
   */
  private static void waitLongerThan(Duration window) throws InterruptedException {
    Thread.sleep(window.plusMillis(Math.max(150, window.toMillis() / 5)));
  }
}
