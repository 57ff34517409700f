package io.mvsqlite.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.content.PageHasher;
import io.mvsqlite.stress.InMemoryModel.CommitTicket;
import io.mvsqlite.stress.InMemoryModel.Observation;
import io.mvsqlite.stress.ModelTransaction.OwnWrite;
import io.mvsqlite.stress.Violation.Kind;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The checker itself: it accepts correct histories (also when commits are acknowledged out of
 * version order) and names each kind of broken guarantee. Histories are built by hand; versions are
 * small integers.
 */
class InMemoryModelTest {

  private static final long SEED = 42;
  private final Findings findings = new Findings();
  private final StressStats stats = new StressStats();
  private final InMemoryModel model = new InMemoryModel(SEED, findings, stats, v(10), List.of());
  private long serial;

  private static Version v(long n) {
    return Version.of(n, 0);
  }

  private static PageHash h(int n) {
    return PageHasher.hash(new byte[] {(byte) n, 1, 2, 3});
  }

  private ModelTransaction txn(Version base, boolean readSet) {
    return new ModelTransaction(0, serial++, base, false, readSet, null);
  }

  /** Commits {@code page := hash} from {@code base} at {@code at}, acknowledged at once. */
  private void commit(Version base, Version at, int page, PageHash hash, int... reads) {
    ModelTransaction t = txn(base, true);
    t.write(page, new OwnWrite(hash, new byte[0], true));
    for (int r : reads) {
      t.markRead(r);
    }
    model.committed(model.beginCommit(), t, at, true);
  }

  private List<Kind> kinds() {
    return findings.violations().stream().map(Violation::kind).toList();
  }

  @Test
  void readsOfTheRightVersionPass() {
    commit(v(10), v(20), 1, h(1));
    commit(v(20), v(30), 1, h(2));
    model.observe(
        0, 0, v(25), List.of(new Observation(1, v(20), h(1)), new Observation(2, null, null)));
    model.observe(0, 0, v(30), List.of(new Observation(1, v(30), h(2))));
    model.finish();
    assertThat(findings.violationCount()).isZero();
    assertThat(stats.get(StressStats.Counter.PAGES_CHECKED)).isEqualTo(3);
  }

  @Test
  void readOfAnOlderVersionIsASnapshotViolation() {
    commit(v(10), v(20), 1, h(1));
    commit(v(20), v(30), 1, h(2));
    model.observe(3, 7, v(30), List.of(new Observation(1, v(20), h(1))));
    model.finish();
    assertThat(kinds()).containsExactly(Kind.SNAPSHOT_READ);
    Violation found = findings.violations().getFirst();
    assertThat(found.seed()).isEqualTo(SEED);
    assertThat(found.task()).isEqualTo(3);
    assertThat(found.page()).isEqualTo(1);
    assertThat(found.other()).isEqualTo(v(30));
  }

  @Test
  void anAbsentPageThatWasWrittenIsASnapshotViolation() {
    commit(v(10), v(20), 1, h(1));
    model.observe(0, 0, v(20), List.of(new Observation(1, null, null)));
    model.finish();
    assertThat(kinds()).containsExactly(Kind.SNAPSHOT_READ);
  }

  @Test
  void aReadOfACommitInFlightWaitsForItsAnswer() {
    CommitTicket inFlight = model.beginCommit();
    model.observe(0, 0, v(20), List.of(new Observation(1, v(20), h(1))));
    assertThat(stats.get(StressStats.Counter.PAGES_CHECKED)).isZero();

    ModelTransaction t = txn(v(10), true);
    t.write(1, new OwnWrite(h(1), new byte[0], true));
    model.committed(inFlight, t, v(20), true);
    assertThat(stats.get(StressStats.Counter.PAGES_CHECKED)).isEqualTo(1);
    assertThat(findings.violationCount()).isZero();
  }

  @Test
  void aReadOfDataNoCommitProducedIsAViolationOnceTheCommitFailed() {
    CommitTicket inFlight = model.beginCommit();
    model.observe(0, 0, v(20), List.of(new Observation(1, v(20), h(1))));
    model.notCommitted(inFlight);
    assertThat(kinds()).containsExactly(Kind.SNAPSHOT_READ);
  }

  @Test
  void checksThatDependOnAnUnknownOutcomeAreInconclusive() {
    CommitTicket lost = model.beginCommit();
    model.observe(0, 0, v(20), List.of(new Observation(1, v(20), h(1))));
    model.outcomeUnknown(lost);
    assertThat(findings.violationCount()).isZero();
    assertThat(findings.inconclusiveCount()).isEqualTo(1);
  }

  @Test
  void acknowledgementsOutOfVersionOrderAreFine() {
    CommitTicket first = model.beginCommit();
    CommitTicket second = model.beginCommit();
    ModelTransaction a = txn(v(10), true);
    a.write(1, new OwnWrite(h(1), new byte[0], true));
    a.markRead(1);
    ModelTransaction b = txn(v(10), true);
    b.write(2, new OwnWrite(h(2), new byte[0], true));
    b.markRead(2);
    model.committed(second, b, v(30), true);
    model.committed(first, a, v(20), true);
    model.observe(
        0, 0, v(30), List.of(new Observation(1, v(20), h(1)), new Observation(2, v(30), h(2))));
    model.finish();
    assertThat(findings.violationCount()).isZero();
  }

  @Test
  void aLostUpdateIsASerializabilityViolation() {
    CommitTicket a = model.beginCommit();
    commit(v(10), v(20), 5, h(1));
    ModelTransaction reader = txn(v(10), true);
    reader.markRead(5);
    reader.write(6, new OwnWrite(h(2), new byte[0], true));
    model.committed(a, reader, v(30), true);
    model.finish();
    assertThat(kinds()).containsExactly(Kind.SERIALIZABILITY);
    assertThat(findings.violations().getFirst().other()).isEqualTo(v(20));
  }

  @Test
  void writesToPagesOutsideTheReadSetDoNotConflict() {
    commit(v(10), v(20), 5, h(1));
    commit(v(10), v(30), 6, h(2), 7);
    model.finish();
    assertThat(findings.violationCount()).isZero();
  }

  @Test
  void aCommitWithoutReadSetAfterAnotherCommitIsANamespaceViolation() {
    commit(v(10), v(20), 5, h(1));
    ModelTransaction blind = txn(v(10), false);
    blind.write(6, new OwnWrite(h(2), new byte[0], true));
    model.committed(model.beginCommit(), blind, v(30), false);
    model.finish();
    assertThat(kinds()).containsExactly(Kind.NAMESPACE_SERIALIZABILITY);
  }

  @Test
  void aVersionBelowAnEarlierAcknowledgedCommitIsAnOrderViolation() {
    commit(v(10), v(30), 1, h(1));
    commit(v(10), v(20), 2, h(2));
    assertThat(kinds()).contains(Kind.COMMIT_ORDER);
  }

  @Test
  void aVersionAcknowledgedTwiceIsADuplicate() {
    commit(v(10), v(20), 1, h(1));
    commit(v(10), v(20), 2, h(2));
    assertThat(kinds()).contains(Kind.DUPLICATE_VERSION);
  }

  @Test
  void aStatOlderThanAnAcknowledgedCommitIsStale() {
    commit(v(10), v(20), 1, h(1));
    Version floor = model.pinStatFloor();
    model.statAnswered(0, floor, v(10));
    assertThat(kinds()).containsExactly(Kind.STALE_STAT);
  }

  @Test
  void aStatVersionNoCommitProducedIsAPhantom() {
    Version floor = model.pinStatFloor();
    model.statAnswered(0, floor, v(15));
    model.finish();
    assertThat(kinds()).containsExactly(Kind.PHANTOM_VERSION);
  }

  @Test
  void readYourWritesComparesWithTheOwnUpload() {
    ModelTransaction t = txn(v(10), true);
    model.checkOwnWrite(t, 1, h(1), h(1));
    model.checkOwnWrite(t, 1, h(1), h(2));
    assertThat(kinds()).containsExactly(Kind.READ_YOUR_WRITES);
  }

  @Test
  void truncationNeverPassesAVersionInUse() {
    for (int i = 2; i <= 10; i++) {
      commit(v(10L * (i - 1)), v(10L * i), 1, h(i));
    }
    Version pinned = v(30);
    SplittableRandom random = new SplittableRandom(SEED);
    Version traveled;
    do {
      traveled = model.pinRandomRetained(random);
      if (!traveled.equals(pinned)) {
        model.unpin(traveled);
      }
    } while (!traveled.equals(pinned));
    for (int i = 0; i < 20; i++) {
      model
          .planTruncation(random)
          .ifPresent(point -> assertThat(point).isLessThanOrEqualTo(pinned));
    }
    model.unpin(pinned);
    for (int i = 0; i < 50; i++) {
      model.planTruncation(random).ifPresent(point -> assertThat(point).isLessThan(v(100)));
    }
    Version after = model.pinRandomRetained(random);
    assertThat(after).isGreaterThan(pinned);
  }
}
