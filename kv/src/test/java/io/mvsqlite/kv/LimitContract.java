package io.mvsqlite.kv;

import static io.mvsqlite.kv.KvTestData.bytes;
import static io.mvsqlite.kv.KvTestData.filled;
import static io.mvsqlite.kv.KvTestData.le64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Contract: FoundationDB's size limits, on backends that enforce them (FoundationDB; the embedded
 * store in strict mode).
 */
public interface LimitContract extends KvContractFixture {

  private void requireLimits() {
    assumeTrue(
        limitsEnforced(),
        "this backend does not enforce FoundationDB's limits (embedded store not in strict mode)");
  }

  /** A key under the prefix that is exactly {@code length} bytes long. */
  private byte[] keyOfLength(int length) {
    byte[] k = filled(length, 'k');
    System.arraycopy(prefix(), 0, k, 0, prefix().length);
    return k;
  }

  @Test
  default void keyOverTenThousandBytesIsRejectedWhenSet() {
    requireLimits();
    try (KvTransaction tr = store().createTransaction()) {
      assertKvError(
          KvError.KEY_TOO_LARGE, () -> tr.set(keyOfLength(KvLimits.MAX_KEY_BYTES + 1), bytes("v")));
      assertKvError(
          KvError.KEY_TOO_LARGE,
          () -> tr.mutate(MutationType.ADD, keyOfLength(KvLimits.MAX_KEY_BYTES + 1), le64(1)));
      assertThat(tr.commit().versionstamp()).as("nothing was written").isNull();
    }
  }

  @Test
  default void valueOverOneHundredThousandBytesIsRejectedWhenSet() {
    requireLimits();
    try (KvTransaction tr = store().createTransaction()) {
      assertKvError(
          KvError.VALUE_TOO_LARGE, () -> tr.set(key("v"), new byte[KvLimits.MAX_VALUE_BYTES + 1]));
      assertKvError(
          KvError.VALUE_TOO_LARGE,
          () -> tr.mutate(MutationType.BIT_OR, key("v"), new byte[KvLimits.MAX_VALUE_BYTES + 1]));
      assertThat(tr.get(key("v"))).isNull();
    }
  }

  @Test
  default void largestKeyAndValueAreAccepted() {
    requireLimits();
    byte[] k = keyOfLength(KvLimits.MAX_KEY_BYTES);
    byte[] v = filled(KvLimits.MAX_VALUE_BYTES, 'v');
    try (KvTransaction tr = store().createTransaction()) {
      tr.set(k, v);
      tr.commit();
    }
    try (KvTransaction tr = store().createTransaction()) {
      assertThat(tr.get(k)).isEqualTo(v);
    }
  }

  @Test
  default void transactionOverTenMillionBytesFailsAtCommitAndLeavesNothing() {
    requireLimits();
    try (KvTransaction tr = store().createTransaction()) {
      for (int i = 0; i < 101; i++) {
        tr.set(key(String.format("big/%03d", i)), filled(KvLimits.MAX_VALUE_BYTES, i));
      }
      assertThat(tr.getApproximateSize()).isGreaterThan(KvLimits.MAX_TRANSACTION_BYTES);
      assertKvError(KvError.TRANSACTION_TOO_LARGE, tr::commit);
    }
    try (KvTransaction tr = store().createTransaction()) {
      assertThat(tr.getRange(prefix(), prefixEnd(), 1, false)).isEmpty();
    }
  }

  @Test
  default void nineMegabyteTransactionCommits() {
    requireLimits();
    try (KvTransaction tr = store().createTransaction()) {
      for (int i = 0; i < 90; i++) {
        tr.set(key(String.format("big/%03d", i)), filled(KvLimits.MAX_VALUE_BYTES, i));
      }
      assertThat(tr.getApproximateSize()).isBetween(9_000_000L, KvLimits.MAX_TRANSACTION_BYTES);
      tr.commit();
    }
    try (KvTransaction tr = store().createTransaction()) {
      var rows = tr.snapshot().getRange(prefix(), prefixEnd());
      assertThat(rows).hasSize(90);
      assertThat(rows.get(89).value()).isEqualTo(filled(KvLimits.MAX_VALUE_BYTES, 89));
    }
  }

  @Test
  default void approximateSizeCountsMutationsAndConflictRanges() {
    try (KvTransaction tr = store().createTransaction()) {
      long empty = tr.getApproximateSize();
      tr.set(key("k"), new byte[1000]);
      long afterSet = tr.getApproximateSize();
      assertThat(afterSet - empty).isGreaterThanOrEqualTo(1000L + key("k").length);
      tr.get(key("other"));
      assertThat(tr.getApproximateSize()).isGreaterThan(afterSet);
    }
  }
}
