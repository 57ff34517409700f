package io.mvsqlite.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.content.PageHasher;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/gc.md (G1): from a truncation's answer on, reads below its watermark are refused, also at a
 * version that was read moments before the truncation (the engine had cached a KV read version for
 * it, which predates the watermark). The stress tester found this broken (TRUNCATION_NOT_ENFORCED,
 * seed 1003, configuration smallGcBatches) and relied on a 3 s grace until the engine invalidated
 * its read-version cache on truncation; it now checks without a grace. Over HTTP (an in-process
 * server) and in direct mode.
 */
class TruncationWatermarkTest {

  static Stream<StressConfig.Target> targets() {
    return Stream.of(
        new StressConfig.InProcessServer(EngineKnobs.defaults(), null),
        new StressConfig.Direct(EngineKnobs.defaults(), null));
  }

  private static Version commit(PageStore store, NamespaceRef ns, byte[] data) {
    Version base = store.stat(ns, null, null).version();
    CommitOutcome o =
        store.commit(
            new CommitRequest(
                IdempotencyKey.random(),
                true,
                null,
                null,
                false,
                List.of(
                    new NamespaceCommit(
                        ns, base, null, List.of(new PageCommit(1, PageHasher.hash(data), data))))));
    return ((CommitOutcome.Committed) o).version();
  }

  @ParameterizedTest
  @MethodSource("targets")
  void aReadBelowTheWatermarkIsRefusedAsSoonAsTheTruncationAnswered(StressConfig.Target target) {
    StressConfig config = StressConfig.builder().target(target).build();
    try (StressTarget t = StressTarget.open(config)) {
      PageStore store = t.pageStore();
      NamespaceAdmin admin = t.admin();
      admin.create("watermark", null);
      NamespaceRef ns = NamespaceRef.of("watermark");
      commit(store, ns, new byte[] {1});
      Version v2 = commit(store, ns, new byte[] {2});
      Version v3 = commit(store, ns, new byte[] {3});
      assertThat(store.read(ns, List.of(PageRead.at(1, v2))).getFirst().data())
          .as("a reader at v2, moments before the truncation")
          .containsExactly(2);

      admin.truncate("watermark", v3, true, n -> {});

      assertThatThrownBy(() -> store.read(ns, List.of(PageRead.at(1, v2))))
          .isInstanceOfSatisfying(
              MvException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_TRUNCATED));
      assertThat(store.read(ns, List.of(PageRead.at(1, v3))).getFirst().data()).containsExactly(3);
    }
  }
}
