package io.mvsqlite.store.commit;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.NamespaceMetadata.NamespaceLock;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Path 1's conflict rules (reference §6.2, docs/commit-protocol.md): the namespace-level check,
 * page-level checks (PLCC), lock rules, the causal check and "client ahead of head".
 */
class ConflictMatrixTest extends CommitFixture {

  @Test
  void aCommitBecomesVisibleAtItsVersionAndNotBefore() {
    Version id = createNamespace("db");
    byte[] a = data(4096);
    byte[] b = data(4096);
    PageHash ha = upload("db", a);
    Version base = head("db");
    Version v = committed(request(ns("db", base, null, entry(1, ha), fast(2, b))));

    assertThat(v).isGreaterThan(base);
    assertThat(head("db")).isEqualTo(v);
    assertThat(read("db", 1, v).data()).isEqualTo(a);
    assertThat(read("db", 2, v).data()).isEqualTo(b);
    assertThat(read("db", 2, v).version()).isEqualTo(v);
    assertThat(read("db", 1, base).isAbsent()).isTrue();
    assertThat(versionsOf(id, 1)).containsExactly(v);
  }

  @Test
  void withoutAReadSetAnyCommitAfterTheBaseConflicts() {
    createNamespace("db");
    Version base = head("db");
    committed(request(ns("db", base, null, fast(7, data(100)))));

    CommitOutcome stale = pages.commit(request(ns("db", base, null, fast(1, data(100)))));
    assertThat(stale).isInstanceOf(CommitOutcome.Conflict.class);
    assertThat(read("db", 1, head("db")).isAbsent())
        .as("nothing of the conflicting commit")
        .isTrue();
  }

  @Test
  void withAReadSetOnlyChangedPagesThatWereReadConflict() {
    createNamespace("db");
    Version base =
        committed(request(ns("db", head("db"), null, fast(1, data(64)), fast(2, data(64)))));
    committed(request(ns("db", base, pagesOf(1), fast(1, data(64)))));

    CommitOutcome disjoint = pages.commit(request(ns("db", base, pagesOf(2), fast(2, data(64)))));
    assertThat(disjoint)
        .as("read page 2, which nobody changed")
        .isInstanceOf(CommitOutcome.Committed.class);

    CommitOutcome overlapping =
        pages.commit(request(ns("db", base, pagesOf(1, 3), fast(3, data(64)))));
    assertThat(overlapping)
        .as("read page 1, changed after the base")
        .isInstanceOf(CommitOutcome.Conflict.class);
    assertThat(((CommitOutcome.Conflict) overlapping).reason()).contains("page 1");
  }

  @Test
  void blindWritesNeverConflict() {
    createNamespace("db");
    Version base = head("db");
    byte[] first = data(64);
    byte[] second = data(64);
    committed(request(ns("db", base, new int[0], fast(5, first))));
    Version v2 = committed(request(ns("db", base, new int[0], fast(5, second))));
    assertThat(read("db", 5, v2).data()).as("the later blind write wins").isEqualTo(second);
  }

  @Test
  void aReadSetOverThePlccThresholdFallsBackToTheNamespaceLevelCheck() {
    createNamespace("db");
    Version base = head("db");
    committed(request(ns("db", base, null, fast(1, data(64)))));
    int[] bigReadSet = new int[config().plccReadSetSizeThreshold() + 1];
    for (int i = 0; i < bigReadSet.length; i++) {
      bigReadSet[i] = 10_000 + i;
    }
    assertThat(pages.commit(request(ns("db", base, bigReadSet, fast(2, data(64))))))
        .as("page 1 is not in the read set, but the read set is too large for page-level checks")
        .isInstanceOf(CommitOutcome.Conflict.class);
  }

  @Test
  void aPublishedUnmergedStagedCommitConflictsWithPageLevelChecksBasedBeforeIt() {
    Version id = createNamespace("db");
    Version base = committed(request(ns("db", head("db"), null, fast(1, data(64)))));
    Version staged = commits.publishStaged(id, new byte[16], Map.of(9, data(64)));

    CommitOutcome before = pages.commit(request(ns("db", base, pagesOf(1), fast(1, data(64)))));
    assertThat(before)
        .as("page 1 was not touched, but the staged commit may have written anything")
        .isInstanceOf(CommitOutcome.Conflict.class);
    assertThat(pages.commit(request(ns("db", staged, pagesOf(1), fast(1, data(64))))))
        .as("based on the staged commit")
        .isInstanceOf(CommitOutcome.Committed.class);
  }

  @Test
  void aBaseNewerThanTheReadVersionIsACausalConflict() {
    createNamespace("db");
    Version future = Version.of(head("db").commitVersion() + 1_000_000_000L, 0);
    CommitOutcome outcome = pages.commit(request(ns("db", future, new int[0], fast(1, data(64)))));
    assertThat(outcome).isInstanceOf(CommitOutcome.Conflict.class);
    assertThat(((CommitOutcome.Conflict) outcome).reason()).contains("causal");
  }

  @Test
  void aBaseNewerThanTheHeadConflicts() {
    createNamespace("db");
    Version v = committed(request(ns("db", head("db"), null, fast(1, data(64)))));
    Version ahead = Version.of(v.commitVersion(), 0xfffe);
    CommitOutcome outcome = pages.commit(request(ns("db", ahead, new int[0], fast(1, data(64)))));
    assertThat(outcome).isInstanceOf(CommitOutcome.Conflict.class);
    assertThat(((CommitOutcome.Conflict) outcome).reason()).contains("ahead of head");
  }

  @Test
  void aBaseOlderThanTheNamespaceConflicts() {
    createNamespace("db");
    Version old = committed(request(ns("db", head("db"), null, fast(1, data(64)))));
    admin.delete("db");
    Version recreated = createNamespace("db");
    CommitOutcome outcome = pages.commit(request(ns("db", old, new int[0], fast(2, data(64)))));
    assertThat(outcome)
        .as("a blind write read at a version of the deleted namespace")
        .isInstanceOf(CommitOutcome.Conflict.class);
    assertThat(versionsOf(recreated, 2)).isEmpty();
  }

  @Test
  void lockRules() {
    Version id = createNamespace("db");
    Version base = head("db");
    NamespaceLock lock =
        new NamespaceLock(base, "alice", HexFormat.of().formatHex(new byte[16]), false);
    setMetadata(id, md -> md.withLock(lock));

    CommitRequest anonymous = request(ns("db", base, null, fast(1, data(64))));
    assertThat(pages.commit(anonymous))
        .as("locked, no owner claimed")
        .isInstanceOf(CommitOutcome.Conflict.class);
    assertCode(() -> pages.commit(withOwner(anonymous, "bob")), ErrorCode.LOCK_GONE);
    Version v = committed(withOwner(request(ns("db", base, null, fast(1, data(64)))), "alice"));
    assertThat(head("db")).as("anonymous readers see the lock's snapshot").isEqualTo(base);
    assertThat(pages.stat(ref("db"), null, "alice").version()).isEqualTo(v);

    setMetadata(id, md -> md.withLock(lock.withRollingBack(true)));
    assertCode(
        () -> pages.commit(withOwner(request(ns("db", v, null, fast(2, data(64)))), "alice")),
        ErrorCode.LOCK_GONE);

    setMetadata(id, md -> md.withLock(null));
    assertCode(
        () -> pages.commit(withOwner(request(ns("db", v, null, fast(2, data(64)))), "alice")),
        ErrorCode.LOCK_GONE);
    assertThat(metadataOf(id)).isEqualTo(NamespaceMetadata.EMPTY);
    assertThat(versionsOf(id, 2)).as("no refused commit wrote anything").isEmpty();
  }
}
