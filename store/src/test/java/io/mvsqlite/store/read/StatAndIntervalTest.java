package io.mvsqlite.store.read;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.NamespaceMetadata.NamespaceLock;
import io.mvsqlite.protocol.StatResult;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreFixture;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@code /stat} (reference §3.1) and changelog intervals (§6.4). */
class StatAndIntervalTest extends StoreFixture {

  private final byte[] data = {1, 2, 3};

  @Test
  void aFreshNamespaceReadsAtItsIdAndThenAtItsLatestCommit() {
    Version ns = createNamespace("db");
    StatResult fresh = pages.stat(ref("db"), null, null);
    assertThat(fresh.version()).isEqualTo(ns);
    assertThat(fresh.readOnly()).isFalse();
    assertThat(fresh.interval()).isNull();
    commits.commit(ns, 1, data);
    Version v2 = commits.commit(ns, 2, data);
    assertThat(pages.stat(ref("db"), null, null).version()).isEqualTo(v2);
  }

  @Test
  void theIntervalIsTheUnionOfPagesChangedSinceFromVersion() {
    Version ns = createNamespace("db");
    Version v1 = commits.commit(ns, Map.of(1, data, 9, data));
    Version v2 = commits.commit(ns, Map.of(5, data, 1, new byte[] {4}));
    Version v3 = commits.commit(ns, Map.of(7, data));
    assertThat(pages.stat(ref("db"), v1, null).interval()).containsExactly(1, 5, 7);
    assertThat(pages.stat(ref("db"), v2, null).interval()).containsExactly(7);
    assertThat(pages.stat(ref("db"), v3, null).interval()).isEmpty();
    assertThat(pages.stat(ref("db"), ns, null).interval())
        .as("the id is not a commit version")
        .isNull();
    try (KvTransaction tr = kv.createTransaction()) {
      IntervalReader intervals = ctx.intervals();
      assertThat(intervals.read(tr.snapshot(), ns, v1, v3, false)).containsExactly(1, 5);
      assertThat(intervals.read(tr.snapshot(), ns, v3, v1, true)).as("from after to").isNull();
    }
  }

  @Test
  void anIntervalOverAnUnknownEntryIsUnknown() {
    Version ns = createNamespace("db");
    Version v1 = commits.commit(ns, 1, data);
    Map<Integer, byte[]> many = new HashMap<>();
    for (int p = 0; p < 500; p++) {
      many.put(p, data);
    }
    commits.commit(ns, many);
    assertThat(pages.stat(ref("db"), v1, null).interval()).isNull();
  }

  @Test
  void anIntervalOfMoreThan1000PagesIsUnknown() {
    Version ns = createNamespace("db");
    Version v1 = commits.commit(ns, 1, data);
    for (int c = 0; c < 3; c++) {
      Map<Integer, byte[]> pagesOfCommit = new HashMap<>();
      for (int p = 0; p < 400; p++) {
        pagesOfCommit.put(c * 400 + p, data);
      }
      commits.commit(ns, pagesOfCommit);
    }
    assertThat(pages.stat(ref("db"), v1, null).interval()).isNull();
  }

  @Test
  void anIntervalSpanningMoreThan100CommitsIsUnknown() {
    Version ns = createNamespace("db");
    Version from = commits.commit(ns, 0, data);
    for (int c = 1; c <= 98; c++) {
      commits.commit(ns, c, data);
    }
    Version at99 = commits.commit(ns, 99, data);
    assertThat(pages.stat(ref("db"), from, null).interval()).as("100 entries").hasSize(99);
    commits.commit(ns, 100, data);
    assertThat(pages.stat(ref("db"), from, null).interval()).as("101 entries").isNull();
    assertThat(pages.stat(ref("db"), at99, null).interval()).containsExactly(100);
  }

  @Test
  void lockedNamespacesFollowTheLockRules() {
    Version ns = createNamespace("db");
    Version snapshot = commits.commit(ns, 1, data);
    Version head = commits.commit(ns, 1, new byte[] {9});
    setMetadata(ns, md -> md.withLock(new NamespaceLock(snapshot, "alice", "n1", false)));
    assertThat(pages.stat(ref("db"), null, null).version())
        .as("readers see the frozen snapshot")
        .isEqualTo(snapshot);
    assertThat(pages.stat(ref("db"), null, "").version()).isEqualTo(snapshot);
    assertThat(pages.stat(ref("db"), null, "alice").version())
        .as("the owner sees the head")
        .isEqualTo(head);
    assertCode(() -> pages.stat(ref("db"), null, "bob"), ErrorCode.LOCK_GONE);
    setMetadata(ns, md -> md.withLock(md.lock().withRollingBack(true)));
    assertCode(() -> pages.stat(ref("db"), null, "alice"), ErrorCode.LOCK_GONE);
    setMetadata(ns, md -> md.withLock(null));
    assertCode(() -> pages.stat(ref("db"), null, "alice"), ErrorCode.LOCK_GONE);
    assertThat(pages.stat(ref("db"), null, null).version()).isEqualTo(head);
  }

  @Test
  void aReadOnlyEngineSaysSo() {
    createNamespace("db");
    assertThat(
            openEngine(c -> c.withReadOnly(true))
                .pageStore()
                .stat(ref("db"), null, null)
                .readOnly())
        .isTrue();
  }

  private void setMetadata(Version ns, UnaryOperator<NamespaceMetadata> change) {
    ctx.runner()
        .run(
            kv,
            tr -> {
              NamespaceMetadata md = ctx.metadata().get(tr, ns);
              ctx.metadata().put(tr, ns, change.apply(md));
              return null;
            });
  }
}
