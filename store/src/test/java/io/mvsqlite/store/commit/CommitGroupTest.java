package io.mvsqlite.store.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.Snapshots;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Commit groups (docs/commit-groups.md): atomic across namespaces; with a shared snapshot also
 * serializable.
 */
class CommitGroupTest extends CommitFixture {

  @Test
  void aGroupCommitsEveryNamespaceAtOneVersion() {
    createNamespace("a");
    createNamespace("b");
    byte[] x = data(64);
    byte[] y = data(64);
    Version v =
        committed(
            request(
                ns("a", head("a"), null, fast(1, x)), ns("b", head("b"), new int[0], fast(2, y))));
    assertThat(head("a")).isEqualTo(v);
    assertThat(head("b")).isEqualTo(v);
    assertThat(read("a", 1, v).data()).isEqualTo(x);
    assertThat(read("b", 2, v).data()).isEqualTo(y);
  }

  @Test
  void aConflictInOneNamespaceAbortsTheWholeGroup() {
    createNamespace("a");
    Version b = createNamespace("b");
    Version baseA = head("a");
    Version baseB = head("b");
    committed(request(ns("a", baseA, null, fast(1, data(64)))));

    CommitOutcome outcome =
        pages.commit(
            request(
                ns("a", baseA, null, fast(2, data(64))), ns("b", baseB, null, fast(3, data(64)))));
    assertThat(outcome).isInstanceOf(CommitOutcome.Conflict.class);
    assertThat(head("b")).as("nothing of b was written").isEqualTo(baseB);
    assertThat(versionsOf(b, 3)).isEmpty();
  }

  /** Two databases with page 1 each, committed; returns the shared snapshot's base versions. */
  private Version[] twoDatabases() {
    createNamespace("a");
    createNamespace("b");
    Version va = committed(request(ns("a", head("a"), null, fast(1, data(64)))));
    Version vb = committed(request(ns("b", head("b"), null, fast(1, data(64)))));
    return new Version[] {va, vb};
  }

  /**
   * Reads page 1 of both databases and writes page 1 of {@code target} only (the other is a
   * check-only entry).
   */
  private CommitRequest readBothWriteOne(Version[] bases, String target, int[] readSet) {
    boolean writesA = target.equals("a");
    return sharedGroup(
        writesA ? ns("a", bases[0], readSet, fast(1, data(64))) : ns("a", bases[0], readSet),
        writesA ? ns("b", bases[1], readSet) : ns("b", bases[1], readSet, fast(1, data(64))));
  }

  @Test
  void crossDatabaseWriteSkewIsRejectedWithASharedSnapshot() {
    Version[] bases = twoDatabases();
    // T1 and T2 both read a.1 and b.1 at one snapshot; T1 writes a.1, T2 writes b.1.
    assertThat(pages.commit(readBothWriteOne(bases, "a", pagesOf(1))))
        .isInstanceOf(CommitOutcome.Committed.class);
    CommitOutcome t2 = pages.commit(readBothWriteOne(bases, "b", pagesOf(1)));
    assertThat(t2).as("T2 read a.1, which T1 changed").isInstanceOf(CommitOutcome.Conflict.class);

    // Without the check-only entry (the reference's groups), T2's commit of b alone would be
    // accepted: write skew.
    assertThat(pages.commit(request(ns("b", bases[1], pagesOf(1), fast(1, data(64))))))
        .isInstanceOf(CommitOutcome.Committed.class);
  }

  @Test
  void aCheckOnlyParticipantWithoutAReadSetIsCheckedNamespaceWide() {
    Version[] bases = twoDatabases();
    committed(request(ns("a", bases[0], new int[0], fast(9, data(64)))));
    assertThat(pages.commit(readBothWriteOne(bases, "b", null)))
        .as("a changed after the snapshot, and the group sent no read set for it")
        .isInstanceOf(CommitOutcome.Conflict.class);
  }

  @Test
  void aCheckOnlyParticipantWritesNothing() {
    Version[] bases = twoDatabases();
    Version b = admin.stat("b").id();
    List<String> before = Snapshots.keys(kv, keys.namespaceDataRange(b));
    CommitRequest group = readBothWriteOne(bases, "a", pagesOf(1));
    CommitOutcome outcome = pages.commit(group);
    Version v = ((CommitOutcome.Committed) outcome).version();
    assertThat(head("a")).isEqualTo(v);
    assertThat(head("b")).isEqualTo(bases[1]);
    assertThat(Snapshots.keys(kv, keys.namespaceDataRange(b)))
        .as("no key of b changed")
        .isEqualTo(before);
    assertThat(((CommitOutcome.Committed) outcome).changelog()).containsKeys("a", "b");
    assertThat(committed(retryOf(group))).as("idempotent through a's record").isEqualTo(v);
  }

  @Test
  void aCheckOnlyParticipantLearnsWhatChangedOutsideItsReadSet() {
    Version[] bases = twoDatabases();
    committed(request(ns("b", bases[1], new int[0], fast(5, data(64)))));
    CommitOutcome outcome = pages.commit(readBothWriteOne(bases, "a", pagesOf(1)));
    assertThat(((CommitOutcome.Committed) outcome).changelog().get("b")).containsExactly(5);
  }

  @Test
  void aGroupThatWritesNothingCommitsAtItsReadVersionWithoutWriting() {
    Version[] bases = twoDatabases();
    List<String> before = Snapshots.keySpace(kv);
    CommitOutcome outcome =
        pages.commit(sharedGroup(ns("a", bases[0], pagesOf(1)), ns("b", bases[1], null)));
    assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
    assertThat(((CommitOutcome.Committed) outcome).version()).isGreaterThan(bases[1]);
    assertThat(Snapshots.keySpace(kv)).isEqualTo(before);
  }

  @Test
  void concurrentWriteSkewNeverCommitsBoth() throws Exception {
    for (int round = 0; round < 20; round++) {
      createNamespace("a" + round);
      createNamespace("b" + round);
      Version va = committed(request(ns("a" + round, head("a" + round), null, fast(1, data(16)))));
      Version vb = committed(request(ns("b" + round, head("b" + round), null, fast(1, data(16)))));
      String a = "a" + round;
      String b = "b" + round;
      CommitRequest t1 =
          sharedGroup(ns(a, va, pagesOf(1), fast(1, data(16))), ns(b, vb, pagesOf(1)));
      CommitRequest t2 =
          sharedGroup(ns(a, va, pagesOf(1)), ns(b, vb, pagesOf(1), fast(1, data(16))));
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<CommitOutcome> f1 = CompletableFuture.supplyAsync(() -> race(go, t1));
      CompletableFuture<CommitOutcome> f2 = CompletableFuture.supplyAsync(() -> race(go, t2));
      go.countDown();
      CommitOutcome o1 = f1.get();
      CommitOutcome o2 = f2.get();
      boolean both = o1 instanceof CommitOutcome.Committed && o2 instanceof CommitOutcome.Committed;
      assertThat(both).as("round %d: %s / %s", round, o1, o2).isFalse();
      assertThat(o1 instanceof CommitOutcome.Committed || o2 instanceof CommitOutcome.Committed)
          .as("round %d: one of them commits", round)
          .isTrue();
    }
  }

  private CommitOutcome race(CountDownLatch go, CommitRequest r) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    CommitRequest attempt = r;
    while (true) {
      try {
        return pages.commit(attempt);
      } catch (MvException e) {
        if (!e.isRetryable()) {
          throw e;
        }
        attempt = retryOf(r);
      }
    }
  }
}
