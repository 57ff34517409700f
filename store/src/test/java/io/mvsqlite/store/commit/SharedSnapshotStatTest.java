package io.mvsqlite.store.commit;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.StatQuery;
import io.mvsqlite.protocol.StatResult;
import io.mvsqlite.protocol.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code statGroup}: the snapshot of several namespaces at one KV read version, which a
 * serializable commit group reads at (docs/commit-groups.md, "The client").
 */
class SharedSnapshotStatTest extends CommitFixture {

  private static StatQuery query(String key, Version from) {
    return new StatQuery(ref(key), from, null);
  }

  @Test
  void eachNamespaceGetsItsHeadAndWhatChangedSinceItsFromVersionInRequestOrder() {
    createNamespace("a");
    createNamespace("b");
    Version a1 = committed(request(ns("a", head("a"), null, fast(1, data(64)))));
    Version a2 = committed(request(ns("a", a1, null, fast(4, data(64)), fast(6, data(64)))));
    Version b1 = committed(request(ns("b", head("b"), null, fast(2, data(64)))));

    List<StatResult> stats = pages.statGroup(List.of(query("b", null), query("a", a1)));

    assertThat(stats).hasSize(2);
    assertThat(stats.get(0).version()).isEqualTo(b1);
    assertThat(stats.get(0).interval()).as("no from version: unknown").isNull();
    assertThat(stats.get(1).version()).isEqualTo(a2);
    assertThat(stats.get(1).interval()).containsExactly(4, 6);
    assertThat(stats.get(1).readOnly()).isFalse();
  }

  @Test
  void everyAnswerComesFromOneMomentWhileGroupsCommitConcurrently() {
    createNamespace("a");
    createNamespace("b");
    committed(
        request(
            ns("a", head("a"), null, fast(1, data(64))),
            ns("b", head("b"), null, fast(1, data(64)))));
    int rounds = 200;
    // Every commit writes a and b together, so at any one moment both heads are the same version.
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; i < rounds; i++) {
                committed(
                    request(
                        ns("a", head("a"), null, fast(1, data(64))),
                        ns("b", head("b"), null, fast(1, data(64)))));
              }
            });
    List<Version> seen = new ArrayList<>();
    while (!writer.isDone()) {
      List<StatResult> stats = pages.statGroup(List.of(query("a", null), query("b", null)));
      assertThat(stats.get(0).version())
          .as("a and b read at one snapshot")
          .isEqualTo(stats.get(1).version());
      seen.add(stats.get(0).version());
    }
    writer.join();
    List<StatResult> last = pages.statGroup(List.of(query("a", null), query("b", null)));
    assertThat(last.get(0).version()).isEqualTo(last.get(1).version()).isEqualTo(head("a"));
    assertThat(seen).as("the reader ran during the writes").isNotEmpty();
  }

  @Test
  void badQueriesAreRefusedWithTypedErrors() {
    createNamespace("a");
    assertCode(() -> pages.statGroup(List.of()), ErrorCode.NUM_NAMESPACES_OUT_OF_BOUND);
    List<StatQuery> seventeen = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      seventeen.add(query("n" + i, null));
    }
    assertCode(() -> pages.statGroup(seventeen), ErrorCode.NUM_NAMESPACES_OUT_OF_BOUND);
    assertCode(
        () -> pages.statGroup(List.of(query("a", null), query("a", null))),
        ErrorCode.NAMESPACE_NOT_DISTINCT);
    assertCode(
        () -> pages.statGroup(List.of(query("a", null), query("missing", null))),
        ErrorCode.NAMESPACE_NOT_FOUND);
    assertCode(
        () -> pages.statGroup(List.of(new StatQuery(ref("a"), null, "someone"))),
        ErrorCode.LOCK_GONE);
  }
}
