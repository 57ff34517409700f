package io.mvsqlite.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The fault-injecting wrapper over a delegate that records what reaches it. */
class FaultInjectingKvStoreTest {

  private static final byte[] KEY = {1, 2, 3};

  @Test
  void sameSeedAndCallSequenceGiveTheSameFaults() {
    List<String> first = outcomes(FaultPlan.uniform(42, 0.1), 2_000);
    List<String> second = outcomes(FaultPlan.uniform(42, 0.1), 2_000);
    List<String> otherSeed = outcomes(FaultPlan.uniform(43, 0.1), 2_000);

    assertThat(first).isEqualTo(second);
    assertThat(first).isNotEqualTo(otherSeed);
    assertThat(first).contains("ok", "NOT_COMMITTED", "TRANSIENT", "COMMIT_UNKNOWN_RESULT");
  }

  @Test
  void unknownButCommittedFaultCommitsTheDelegateThenThrows() {
    RecordingKvStore delegate = new RecordingKvStore();
    FaultInjectingKvStore store =
        new FaultInjectingKvStore(delegate, new FaultPlan(1, 0, 0, 1.0, 0));

    try (KvTransaction tr = store.createTransaction()) {
      tr.set(KEY, KEY);
      assertThatThrownBy(tr::commit)
          .isInstanceOfSatisfying(
              KvException.class,
              e -> assertThat(e.error()).isEqualTo(KvError.COMMIT_UNKNOWN_RESULT));
    }

    assertThat(delegate.count("commit")).isEqualTo(1);
    assertThat(store.injected(FaultKind.COMMIT_UNKNOWN_COMMITTED)).isEqualTo(1);
    assertThat(store.totalInjected()).isEqualTo(1);
  }

  @Test
  void unknownAndNotCommittedFaultThrowsWithoutCommittingTheDelegate() {
    RecordingKvStore delegate = new RecordingKvStore();
    FaultInjectingKvStore store =
        new FaultInjectingKvStore(delegate, new FaultPlan(1, 0, 0, 0, 1.0));

    try (KvTransaction tr = store.createTransaction()) {
      tr.set(KEY, KEY);
      assertThatThrownBy(tr::commit)
          .isInstanceOfSatisfying(
              KvException.class,
              e -> assertThat(e.error()).isEqualTo(KvError.COMMIT_UNKNOWN_RESULT));
    }

    assertThat(delegate.count("commit")).isZero();
    assertThat(delegate.count("set")).isEqualTo(1);
    assertThat(delegate.count("tr.close")).isEqualTo(1);
    assertThat(store.injected(FaultKind.COMMIT_UNKNOWN_NOT_COMMITTED)).isEqualTo(1);
  }

  @Test
  void conflictFaultsFailReadsThroughTheirFutureWithoutReachingTheDelegate() {
    RecordingKvStore delegate = new RecordingKvStore();
    FaultInjectingKvStore store =
        new FaultInjectingKvStore(delegate, new FaultPlan(7, 1.0, 0, 0, 0));

    try (KvTransaction tr = store.createTransaction()) {
      CompletableFuture<byte[]> get = tr.getAsync(KEY);
      CompletableFuture<List<KeyValue>> range =
          tr.snapshot().getRangeAsync(KEY, new byte[] {9}, 0, false);

      assertThat(get).isCompletedExceptionally();
      assertThat(range).isCompletedExceptionally();
      assertThatThrownBy(() -> tr.get(KEY))
          .isInstanceOfSatisfying(
              KvException.class, e -> assertThat(e.error()).isEqualTo(KvError.NOT_COMMITTED));
      assertThatThrownBy(tr::commit)
          .isInstanceOfSatisfying(
              KvException.class, e -> assertThat(e.error()).isEqualTo(KvError.NOT_COMMITTED));
    }

    assertThat(delegate.count("get")).isZero();
    assertThat(delegate.count("snapshot.getRange")).isZero();
    assertThat(delegate.count("commit")).isZero();
    assertThat(store.injected(FaultKind.READ_CONFLICT)).isEqualTo(3);
    assertThat(store.injected(FaultKind.COMMIT_CONFLICT)).isEqualTo(1);
  }

  @Test
  void transientFaultsAreRetryable() {
    FaultInjectingKvStore store =
        new FaultInjectingKvStore(new RecordingKvStore(), new FaultPlan(7, 0, 1.0, 0, 0));

    try (KvTransaction tr = store.createTransaction()) {
      assertThatThrownBy(() -> tr.snapshot().get(KEY))
          .isInstanceOfSatisfying(
              KvException.class,
              e -> {
                assertThat(e.error()).isEqualTo(KvError.TRANSIENT);
                assertThat(e.isRetryable()).isTrue();
              });
    }
    assertThat(store.injected(FaultKind.READ_TRANSIENT)).isEqualTo(1);
  }

  @Test
  void emptyPlanPassesEveryCallThrough() {
    RecordingKvStore delegate = new RecordingKvStore();
    FaultInjectingKvStore store = new FaultInjectingKvStore(delegate, FaultPlan.none(3));

    CommitResult result;
    try (KvTransaction tr = store.createTransaction()) {
      tr.get(KEY);
      tr.getRange(KEY, new byte[] {9});
      tr.snapshot().get(KEY);
      tr.set(KEY, KEY);
      tr.clear(KEY);
      tr.clearRange(KEY, new byte[] {9});
      tr.mutate(MutationType.ADD, KEY, new byte[] {1});
      tr.addReadConflictKey(KEY);
      tr.addWriteConflictKey(KEY);
      tr.setNextWriteNoWriteConflictRange();
      tr.setOption(TransactionOption.CAUSAL_READ_RISKY);
      tr.getApproximateSize();
      tr.getReadVersion();
      result = tr.commit();
    }

    assertThat(delegate.calls)
        .containsExactly(
            "createTransaction",
            "get",
            "getRange",
            "snapshot.get",
            "set",
            "clear",
            "clearRange",
            "mutate",
            "addReadConflictRange",
            "addWriteConflictRange",
            "setNextWriteNoWriteConflictRange",
            "setOption",
            "getApproximateSize",
            "getReadVersion",
            "commit",
            "tr.close");
    assertThat(result.version()).isEqualTo(1_001);
    assertThat(store.totalInjected()).isZero();
  }

  @Test
  void faultRatesFollowThePlan() {
    int commits = 20_000;
    FaultInjectingKvStore store =
        new FaultInjectingKvStore(new RecordingKvStore(), FaultPlan.uniform(11, 0.1));

    for (int i = 0; i < commits; i++) {
      try (KvTransaction tr = store.createTransaction()) {
        tr.commit();
      } catch (KvException expected) {
        // counted by the wrapper
      }
    }

    Map<FaultKind, Long> counts = store.injectedCounts();
    for (FaultKind kind :
        List.of(
            FaultKind.COMMIT_CONFLICT,
            FaultKind.COMMIT_TRANSIENT,
            FaultKind.COMMIT_UNKNOWN_COMMITTED,
            FaultKind.COMMIT_UNKNOWN_NOT_COMMITTED)) {
      assertThat((double) counts.get(kind) / commits)
          .as("rate of %s (seed 11)", kind)
          .isCloseTo(0.1, within(0.01));
    }
    assertThat(counts.get(FaultKind.READ_CONFLICT)).isZero();
  }

  @Test
  void closingTheWrapperClosesTheDelegate() {
    RecordingKvStore delegate = new RecordingKvStore();
    new FaultInjectingKvStore(delegate, FaultPlan.none(0)).close();

    assertThat(delegate.calls).containsExactly("close");
  }

  @Test
  void planRejectsProbabilitiesOutsideTheUnitIntervalOrAddingUpToMoreThanOne() {
    assertThatThrownBy(() -> new FaultPlan(0, -0.1, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FaultPlan(0, 0, 1.5, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FaultPlan(0, 0, 0, Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FaultPlan.uniform(0, 0.3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(FaultPlan.uniform(0, 0.25).unknownCommittedProbability()).isEqualTo(0.25);
  }

  /** Alternates a read and a commit, {@code n} times, and lists what each call ended with. */
  private static List<String> outcomes(FaultPlan plan, int n) {
    FaultInjectingKvStore store = new FaultInjectingKvStore(new RecordingKvStore(), plan);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try (KvTransaction tr = store.createTransaction()) {
        tr.get(KEY);
        out.add("ok");
        tr.commit();
        out.add("ok");
      } catch (KvException e) {
        out.add(e.error().name());
      }
    }
    return out;
  }
}
