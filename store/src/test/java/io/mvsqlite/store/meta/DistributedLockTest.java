package io.mvsqlite.store.meta;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.store.Await;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.keys.KeyCodec.TaskLock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DistributedLockTest extends StoreFixture {

  private static final Duration TTL = Duration.ofSeconds(5);
  private static final Duration FAST_RENEWAL = Duration.ofMillis(10);

  /** A holder that never renews within a test: a stalled or crashed process. */
  private static final Duration NO_RENEWAL = Duration.ofHours(1);

  private byte[] lockKey() {
    return keys.globalTask("test-task");
  }

  private DistributedLock lock(String name, Duration renewal) {
    return new DistributedLock(kv, lockKey(), clock, TTL, renewal, name);
  }

  @Test
  void onlyOneHolderAtATime() {
    try (DistributedLock a = lock("a", FAST_RENEWAL);
        DistributedLock b = lock("b", FAST_RENEWAL)) {
      assertThat(a.tryLock()).isTrue();
      assertThat(b.tryLock()).isFalse();
      assertThat(a.tryLock()).as("re-entrant for its holder").isTrue();
      assertThat(a.isHeld()).isTrue();
      assertThat(b.isHeld()).isFalse();
    }
  }

  @Test
  void renewalKeepsTheLockAcrossItsTtl() {
    try (DistributedLock a = lock("a", FAST_RENEWAL);
        DistributedLock b = lock("b", FAST_RENEWAL)) {
      assertThat(a.tryLock()).isTrue();
      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofSeconds(4));
        long expected = clock.epochSecond() + TTL.toSeconds();
        Await.until(
            Duration.ofSeconds(10),
            "renewal to " + expected,
            () -> record().expirySecs() == expected);
        assertThat(b.tryLock()).as("after %d s", 4 * (i + 1)).isFalse();
      }
    }
  }

  @Test
  void anExpiredLockIsTakenOverAndTheStalledHolderIsFencedOut() {
    try (DistributedLock a = lock("a", NO_RENEWAL);
        DistributedLock b = lock("b", FAST_RENEWAL)) {
      assertThat(a.tryLock()).isTrue();
      AtomicInteger protectedWork = new AtomicInteger();
      a.runFenced(tr -> protectedWork.incrementAndGet());
      assertThat(protectedWork).hasValue(1);

      clock.advance(TTL.plusSeconds(1));
      assertThat(b.tryLock()).isTrue();

      assertCode(() -> a.runFenced(tr -> protectedWork.incrementAndGet()), ErrorCode.TRANSIENT);
      assertThat(protectedWork).as("a fenced-out holder does no work").hasValue(1);
      assertThat(a.isHeld()).isFalse();
      a.unlock();
      assertThat(record().isOwnedBy(ownerOf(b)))
          .as("a stale unlock leaves the new holder's record")
          .isTrue();
    }
  }

  @Test
  void unlockReleasesTheLockForOthers() {
    try (DistributedLock a = lock("a", FAST_RENEWAL);
        DistributedLock b = lock("b", FAST_RENEWAL)) {
      assertThat(a.tryLock()).isTrue();
      a.unlock();
      assertThat(readRecordBytes()).isNull();
      assertThat(b.tryLock()).isTrue();
    }
  }

  @Test
  void aHolderThatSeesItsLockTakenOverStopsBelievingItHoldsIt() {
    try (DistributedLock a = lock("a", FAST_RENEWAL)) {
      assertThat(a.tryLock()).isTrue();
      ctx.runner()
          .run(
              kv,
              tr -> {
                tr.set(
                    lockKey(),
                    KeyCodec.encodeTaskLock(new TaskLock(clock.epochSecond() + 5, new byte[16])));
                return null;
              });
      Await.until(Duration.ofSeconds(10), "renewal to notice the takeover", () -> !a.isHeld());
    }
  }

  @Test
  void aMalformedRecordCountsAsFree() {
    ctx.runner()
        .run(
            kv,
            tr -> {
              tr.set(lockKey(), new byte[] {(byte) 0xc1});
              return null;
            });
    try (DistributedLock a = lock("a", FAST_RENEWAL)) {
      assertThat(a.tryLock()).isTrue();
    }
  }

  @Test
  void theRecordIsTheReferenceMessagePackMap() {
    byte[] encoded = KeyCodec.encodeTaskLock(new TaskLock(1_700_000_000L, new byte[16]));
    // fixmap(2) "expiry" uint32 1700000000 "owner_id" bin8(16)
    assertThat(encoded[0]).isEqualTo((byte) 0x82);
    assertThat(KeyCodec.decodeTaskLock(encoded))
        .isEqualTo(new TaskLock(1_700_000_000L, new byte[16]));
  }

  private TaskLock record() {
    byte[] v = readRecordBytes();
    return v == null ? null : KeyCodec.decodeTaskLock(v);
  }

  private byte[] readRecordBytes() {
    try (KvTransaction tr = kv.createTransaction()) {
      return tr.get(lockKey());
    }
  }

  private byte[] ownerOf(DistributedLock holder) {
    assertThat(holder.isHeld()).isTrue();
    return record().ownerId();
  }
}
