package io.mvsqlite.kv.fdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.FDBException;
import io.mvsqlite.kv.CommitResult;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvLimits;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.kv.SystemKeys;
import io.mvsqlite.kv.TransactionOption;
import io.mvsqlite.kv.Versionstamp;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * How {@link FdbKvTransaction} drives the binding, against {@link ScriptedFdb} (no native client
 * here). FoundationDB's own behaviour is the contract suite's business ({@code
 * FdbKvStoreContractTest}).
 */
class FdbKvTransactionTest {

  private static final byte[] KEY = {'k'};
  private static final byte[] END = {'z'};

  private final ScriptedFdb fdb = new ScriptedFdb();

  @Test
  void commitAsksForTheVersionstampBeforeCommittingAndReturnsIt() {
    try (KvStore store = fdb.store();
        KvTransaction tr = store.createTransaction()) {
      tr.set(KEY, KEY);
      CommitResult result = tr.commit();

      assertThat(result.version()).isEqualTo(fdb.committedVersion);
      assertThat(result.versionstamp()).isEqualTo(Versionstamp.fromBytes(fdb.versionstamp));
    }
    assertThat(fdb.calls).containsSubsequence("set", "getVersionstamp", "commit");
  }

  @Test
  void readOnlyCommitReportsTheReadVersionAndNoVersionstamp() {
    fdb.committedVersion = -1;
    try (KvStore store = fdb.store();
        KvTransaction tr = store.createTransaction()) {
      CommitResult result = tr.commit();

      assertThat(result.version()).isEqualTo(fdb.readVersion);
      assertThat(result.versionstamp()).isNull();
    }
  }

  @Test
  void commitFailuresKeepFoundationDbsMeaning() {
    assertCommitFails(new FDBException("conflict", 1020), KvError.NOT_COMMITTED);
    assertCommitFails(new FDBException("maybe", 1021), KvError.COMMIT_UNKNOWN_RESULT);
    assertCommitFails(new FDBException("timed out", 1031), KvError.BACKEND_FAILURE);
    assertCommitFails(new FDBException("too large", 2101), KvError.TRANSACTION_TOO_LARGE);
  }

  @Test
  void operationsDuringOrAfterCommitFailWithoutReachingTheBinding() {
    try (KvStore store = fdb.store();
        KvTransaction tr = store.createTransaction()) {
      tr.commit();
      fdb.calls.clear();

      assertFails(() -> tr.set(KEY, KEY), KvError.USED_AFTER_COMMIT);
      assertFails(() -> tr.get(KEY), KvError.USED_AFTER_COMMIT);
      assertFails(tr::commit, KvError.USED_AFTER_COMMIT);
      assertFails(tr::getApproximateSize, KvError.USED_AFTER_COMMIT);
      assertThat(fdb.calls).isEmpty();
    }
  }

  @Test
  void aFailedCommitIsNotResetAndRefusesFurtherUse() {
    fdb.commitFailure = new FDBException("conflict", 1020);
    try (KvStore store = fdb.store();
        KvTransaction tr = store.createTransaction()) {
      assertFails(tr::commit, KvError.NOT_COMMITTED);
      assertFails(() -> tr.set(KEY, KEY), KvError.USED_AFTER_COMMIT);
    }
  }

  @Test
  void operationsAfterCloseAreCancelledAndCloseIsIdempotent() {
    try (KvStore store = fdb.store()) {
      KvTransaction tr = store.createTransaction();
      tr.close();
      tr.close();

      assertFails(() -> tr.set(KEY, KEY), KvError.TRANSACTION_CANCELLED);
      assertThat(fdb.calls.stream().filter("close"::equals)).hasSize(1);
    }
  }

  @Test
  void closedStoreRefusesNewAndOpenTransactions() {
    KvStore store = fdb.store();
    KvTransaction tr = store.createTransaction();
    store.close();
    store.close();

    assertFails(store::createTransaction, KvError.STORE_CLOSED);
    assertFails(() -> tr.set(KEY, KEY), KvError.STORE_CLOSED);
    assertThat(fdb.calls.stream().filter("database.close"::equals)).hasSize(1);
  }

  @Test
  void badArgumentsAreRefusedAtTheCallAndNothingReachesTheBinding() {
    try (KvStore store = fdb.store();
        KvTransaction tr = store.createTransaction()) {
      fdb.calls.clear();

      assertFails(() -> tr.set(new byte[KvLimits.MAX_KEY_BYTES + 1], KEY), KvError.KEY_TOO_LARGE);
      assertFails(
          () -> tr.set(KEY, new byte[KvLimits.MAX_VALUE_BYTES + 1]), KvError.VALUE_TOO_LARGE);
      assertFails(() -> tr.set(new byte[] {(byte) 0xff, 1}, KEY), KvError.KEY_OUTSIDE_LEGAL_RANGE);
      assertFails(() -> tr.set(SystemKeys.metadataVersionKey(), KEY), KvError.INVALID_ARGUMENT);
      assertFails(() -> tr.clearRange(END, KEY), KvError.INVERTED_RANGE);
      assertFails(
          () -> tr.clearRange(KEY, new byte[] {(byte) 0xff, 0}), KvError.KEY_OUTSIDE_LEGAL_RANGE);
      assertFails(() -> tr.addReadConflictRange(END, KEY), KvError.INVERTED_RANGE);
      assertFails(
          () -> tr.mutate(MutationType.SET_VERSIONSTAMPED_KEY, new byte[] {1, 2, 0, 0, 0, 0}, KEY),
          KvError.INVALID_ARGUMENT);
      assertFails(
          () -> tr.mutate(MutationType.SET_VERSIONSTAMPED_VALUE, KEY, new byte[] {9, 0, 0, 0}),
          KvError.INVALID_ARGUMENT);
      assertFails(() -> tr.getRange(END, KEY, 0, false), KvError.INVERTED_RANGE);
      assertFails(() -> tr.getRange(KEY, END, -1, false), KvError.INVALID_ARGUMENT);
      assertThat(fdb.calls).isEmpty();
    }
  }

  @Test
  void systemKeysAreWritableWithAccessAndTheMetadataVersionCanAlwaysBeBumped() {
    try (KvStore store = fdb.store();
        KvTransaction tr = store.createTransaction()) {
      tr.mutate(
          MutationType.SET_VERSIONSTAMPED_VALUE,
          SystemKeys.metadataVersionKey(),
          SystemKeys.metadataVersionParam());
      tr.setOption(TransactionOption.ACCESS_SYSTEM_KEYS);
      tr.set(new byte[] {(byte) 0xff, 1}, KEY);
    }
    assertThat(fdb.calls)
        .containsSubsequence("mutate:SET_VERSIONSTAMPED_VALUE", "option:301", "set");
  }

  @Test
  void versionstampedKeyParamsPassThroughWithTheirOffset() {
    byte[] keyParam = Versionstamp.incompleteParam(new byte[] {'p'}, new byte[] {'s'});
    byte[] valueParam = Versionstamp.incompleteParam(new byte[16], new byte[0]);
    try (KvStore store = fdb.store();
        KvTransaction tr = store.createTransaction()) {
      tr.mutate(MutationType.SET_VERSIONSTAMPED_KEY, keyParam, KEY);
      tr.mutate(MutationType.SET_VERSIONSTAMPED_VALUE, KEY, valueParam);
      tr.mutate(MutationType.ADD, KEY, new byte[] {1, 0, 0, 0});
    }
    assertThat(fdb.calls)
        .containsSubsequence(
            "mutate:SET_VERSIONSTAMPED_KEY", "mutate:SET_VERSIONSTAMPED_VALUE", "mutate:ADD");
  }

  @Test
  void everyMutationTypeHasAFoundationDbCounterpart() {
    for (MutationType type : MutationType.values()) {
      assertThat(FdbKvTransaction.toFdb(type).name()).isEqualTo(type.name());
    }
  }

  @Test
  void optionsMapToFoundationDbOptionCodes() {
    try (KvStore store = fdb.store();
        KvTransaction tr = store.createTransaction()) {
      tr.setOption(TransactionOption.CAUSAL_READ_RISKY);
      tr.setOption(TransactionOption.READ_LOCK_AWARE);
      tr.setOption(TransactionOption.READ_SYSTEM_KEYS);
      tr.setOption(TransactionOption.ACCESS_SYSTEM_KEYS);
      tr.setNextWriteNoWriteConflictRange();
    }
    // Codes from FoundationDB's fdb.options: causal_read_risky 20, read_lock_aware 702,
    // read_system_keys 302,
    // access_system_keys 301, next_write_no_write_conflict_range 30.
    assertThat(fdb.calls)
        .containsSubsequence("option:20", "option:702", "option:302", "option:301", "option:30");
  }

  @Test
  void rangeReadsUseExactModeWithALimitAndWantAllWithout() {
    fdb.rangeResult = List.of(new com.apple.foundationdb.KeyValue(KEY, END));
    try (KvStore store = fdb.store();
        KvTransaction tr = store.createTransaction()) {
      assertThat(tr.getRange(KEY, END, 5, true)).containsExactly(new KeyValue(KEY, END));
      assertThat(tr.snapshot().getRange(KEY, END)).containsExactly(new KeyValue(KEY, END));
      assertThat(tr.getRange(KEY, KEY, 0, false)).isEmpty();
    }
    assertThat(fdb.calls)
        .containsSubsequence("getRange:5:true:EXACT", "snapshot.getRange:0:false:WANT_ALL");
    assertThat(fdb.calls.stream().filter(c -> c.contains("getRange"))).hasSize(2);
  }

  @Test
  void readFailuresArriveAsKvExceptionsInTheFuture() {
    fdb.readFailure = new FDBException("too old", 1007);
    try (KvStore store = fdb.store();
        KvTransaction tr = store.createTransaction()) {
      CompletableFuture<byte[]> read = tr.getAsync(KEY);

      assertThat(read).isCompletedExceptionally();
      assertFails(() -> tr.get(KEY), KvError.TRANSACTION_TOO_OLD);
      assertFails(() -> tr.snapshot().getRange(KEY, END), KvError.TRANSACTION_TOO_OLD);
    }
  }

  @Test
  void readVersionCanOnlyBeSetBeforeItIsUsed() {
    try (KvStore store = fdb.store()) {
      try (KvTransaction tr = store.createTransaction()) {
        tr.setReadVersion(7);
        assertFails(() -> tr.setReadVersion(8), KvError.INVALID_ARGUMENT);
      }
      try (KvTransaction tr = store.createTransaction()) {
        tr.get(KEY);
        assertFails(() -> tr.setReadVersion(8), KvError.INVALID_ARGUMENT);
      }
      try (KvTransaction tr = store.createTransaction()) {
        assertThat(tr.getReadVersion()).isEqualTo(fdb.readVersion);
        assertFails(() -> tr.setReadVersion(8), KvError.INVALID_ARGUMENT);
      }
    }
    assertThat(fdb.calls.stream().filter("setReadVersion"::equals)).hasSize(1);
  }

  private void assertCommitFails(RuntimeException failure, KvError expected) {
    fdb.commitFailure = failure;
    try (KvStore store = fdb.store();
        KvTransaction tr = store.createTransaction()) {
      tr.set(KEY, KEY);
      assertFails(tr::commit, expected);
    }
  }

  private static void assertFails(ThrowingCallable call, KvError expected) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(KvException.class, e -> assertThat(e.error()).isEqualTo(expected));
  }
}
