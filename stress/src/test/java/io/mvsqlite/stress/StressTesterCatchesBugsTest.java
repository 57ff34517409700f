package io.mvsqlite.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ForwardingPageStore;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.stress.Violation.Kind;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The stress tester finds real bugs: each test breaks the data plane or the admin API in one
 * classic way (wrapping the engine in direct mode) and expects the run to fail with the matching
 * violation. Without these, a tester that checks nothing would pass every CI configuration too.
 */
class StressTesterCatchesBugsTest {

  private static StressReport runAgainst(
      long seed, UnaryOperator<PageStore> store, UnaryOperator<NamespaceAdmin> admin) {
    StressConfig config =
        StressConfig.builder()
            .target(new StressConfig.Direct(EngineKnobs.defaults(), null))
            .concurrency(8)
            .iterations(150)
            .pages(40)
            .seed(seed)
            .truncateIntervalMaxMillis(200)
            .gcIntervalMaxMillis(1000)
            .retryDeadline(Duration.ofSeconds(20))
            .build();
    try (StressTarget target = new WrappedTarget(StressTarget.open(config), store, admin)) {
      StressReport report = StressRunner.run(config, target);
      System.out.println(report.table());
      return report;
    }
  }

  private static List<Kind> kinds(StressReport report) {
    return report.violations().stream().map(Violation::kind).toList();
  }

  @Test
  void readsAtTheHeadInsteadOfTheSnapshotAreCaught() {
    StressReport report =
        runAgainst(
            101,
            store ->
                new ForwardingPageStore(store) {
                  @Override
                  public List<PageData> read(NamespaceRef ns, List<PageRead> reads) {
                    Version head = delegate().stat(ns, null, null).version();
                    return delegate()
                        .read(
                            ns,
                            reads.stream()
                                .map(r -> new PageRead(r.pageIndex(), head, r.hash()))
                                .toList());
                  }
                },
            UnaryOperator.identity());
    assertThat(report.passed()).as(report.table()).isFalse();
    assertThat(kinds(report)).contains(Kind.SNAPSHOT_READ);
  }

  @Test
  void rebasingAConflictedCommitIsCaughtAsNotSerializable() {
    StressReport report =
        runAgainst(
            102,
            store ->
                new ForwardingPageStore(store) {
                  @Override
                  public CommitOutcome commit(CommitRequest request) {
                    CommitOutcome outcome = delegate().commit(request);
                    if (!(outcome instanceof CommitOutcome.Conflict)) {
                      return outcome;
                    }
                    NamespaceCommit ns = request.namespaces().getFirst();
                    Version head = delegate().stat(ns.namespace(), null, null).version();
                    return delegate()
                        .commit(
                            new CommitRequest(
                                IdempotencyKey.random(),
                                true,
                                request.lockOwner(),
                                request.lease(),
                                false,
                                List.of(
                                    new NamespaceCommit(
                                        ns.namespace(), head, ns.readSet(), ns.pages()))));
                  }
                },
            UnaryOperator.identity());
    assertThat(report.passed()).as(report.table()).isFalse();
    assertThat(kinds(report)).containsAnyOf(Kind.SERIALIZABILITY, Kind.NAMESPACE_SERIALIZABILITY);
  }

  @Test
  void aCommitThatLosesAPageIsCaught() {
    StressReport report =
        runAgainst(
            103,
            store ->
                new ForwardingPageStore(store) {
                  @Override
                  public CommitOutcome commit(CommitRequest request) {
                    NamespaceCommit ns = request.namespaces().getFirst();
                    if (ns.pages().size() < 2) {
                      return delegate().commit(request);
                    }
                    NamespaceCommit shorter =
                        new NamespaceCommit(
                            ns.namespace(),
                            ns.baseVersion(),
                            ns.readSet(),
                            ns.pages().subList(0, ns.pages().size() - 1));
                    return delegate()
                        .commit(
                            new CommitRequest(
                                request.idempotencyKey(),
                                request.allowSkipIdempotencyCheck(),
                                request.lockOwner(),
                                request.lease(),
                                request.sharedSnapshot(),
                                List.of(shorter)));
                  }
                },
            UnaryOperator.identity());
    assertThat(report.passed()).as(report.table()).isFalse();
    assertThat(kinds(report)).contains(Kind.SNAPSHOT_READ);
  }

  @Test
  void aTruncationThatDoesNothingIsCaught() {
    StressReport report =
        runAgainst(
            104,
            UnaryOperator.identity(),
            admin ->
                new ForwardingNamespaceAdmin(admin) {
                  @Override
                  public long truncate(
                      String key, Version before, boolean apply, LongConsumer progress) {
                    return 0;
                  }
                });
    assertThat(report.passed()).as(report.table()).isFalse();
    assertThat(kinds(report)).contains(Kind.TRUNCATION_NOT_ENFORCED);
  }
}
