package io.mvsqlite.kv;

import static io.mvsqlite.kv.KvTestData.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Contract: transaction lifecycle errors and durability across reopening the store. */
public interface LifecycleContract extends KvContractFixture {

  @Test
  default void useAfterCommitFails() {
    try (KvTransaction tr = store().createTransaction()) {
      tr.set(key("k"), bytes("v"));
      tr.commit();
      assertKvError(KvError.USED_AFTER_COMMIT, () -> tr.get(key("k")));
      assertKvError(KvError.USED_AFTER_COMMIT, () -> tr.set(key("k"), bytes("w")));
      assertKvError(KvError.USED_AFTER_COMMIT, tr::commit);
    }
    assertThat(valueOf("k")).isEqualTo("v");
  }

  @Test
  default void useAfterAFailedCommitFails() {
    try (KvTransaction tr = store().createTransaction()) {
      tr.get(key("k"));
      put("k", "other");
      tr.set(key("k"), bytes("v"));
      assertConflict(tr);
      assertKvError(KvError.USED_AFTER_COMMIT, () -> tr.set(key("k"), bytes("w")));
      assertKvError(KvError.USED_AFTER_COMMIT, tr::commit);
    }
    assertThat(KvError.USED_AFTER_COMMIT.isRetryable()).isFalse();
  }

  @Test
  default void useAfterCloseFails() {
    KvTransaction tr = store().createTransaction();
    tr.set(key("k"), bytes("v"));
    tr.close();
    assertKvError(KvError.TRANSACTION_CANCELLED, () -> tr.get(key("k")));
    assertKvError(KvError.TRANSACTION_CANCELLED, () -> tr.getRange(prefix(), prefixEnd()));
    assertKvError(KvError.TRANSACTION_CANCELLED, () -> tr.set(key("k"), bytes("w")));
    assertKvError(KvError.TRANSACTION_CANCELLED, tr::commit);
    tr.close();
  }

  @Test
  default void closedTransactionLeavesNothing() {
    try (KvTransaction tr = store().createTransaction()) {
      tr.set(key("k"), bytes("v"));
      tr.mutate(MutationType.ADD, key("n"), KvTestData.le64(1));
    }
    assertThat(contents()).isEmpty();
  }

  @Test
  default void committedDataSurvivesReopening() {
    put("a", "1", "b", "2");
    try (KvTransaction tr = store().createTransaction()) {
      tr.clear(key("a"));
      tr.set(key("c"), bytes("3"));
      tr.commit();
    }
    try (KvTransaction tr = store().createTransaction()) {
      tr.set(key("uncommitted"), bytes("x"));
    }
    reopen();
    assertThat(contents()).containsExactly("b=2", "c=3");
  }
}
