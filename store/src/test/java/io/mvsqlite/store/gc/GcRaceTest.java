package io.mvsqlite.store.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.kv.KvStore;
import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.MvStore;
import io.mvsqlite.store.Snapshots;
import io.mvsqlite.store.StoreConfig;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.commit.CommitHooks;
import io.mvsqlite.store.commit.KvCommitEngine;
import io.mvsqlite.store.content.PageHasher;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The races of docs/gc.md, each forced deterministically: content GC (fresh-page TTL 0) is stopped
 * at one point of its pass while a commit makes garbage content referenced again, or a two-phase
 * commit is stopped between its phases while GC runs. In every case the content must survive, or
 * the commit must fail cleanly.
 */
class GcRaceTest extends StoreFixture {

  private static final long SEED = 5150L;
  private final Random random = new Random(SEED);

  @Override
  protected StoreConfig config() {
    return super.config().withGcFreshPageTtlSecs(0).withCommitMultiPhaseThreshold(2);
  }

  private byte[] page() {
    byte[] b = new byte[700];
    random.nextBytes(b);
    return b;
  }

  /**
   * Content that was committed once and whose only version is truncated away: garbage, as a dry run
   * confirms.
   */
  private byte[] garbage(Version ns) {
    byte[] data = page();
    commits.commit(ns, 0, data);
    Version head = commits.commit(ns, 0, page());
    admin.truncate("db", head, true, n -> {});
    assertThat(new ContentCollector(ctx).collect(ns, false, n -> {}).contentsDeleted())
        .isEqualTo(1);
    return data;
  }

  private CommitOutcome commitFast(int page, byte[] data) {
    Version base = pages.stat(ref("db"), null, null).version();
    return pages.commit(request(base, List.of(new PageCommit(page, PageHasher.hash(data), data))));
  }

  private static CommitRequest request(Version base, List<PageCommit> entries) {
    return new CommitRequest(
        IdempotencyKey.random(),
        true,
        null,
        null,
        false,
        List.of(new NamespaceCommit(ref("db"), base, null, entries)));
  }

  private MvStore engineOver(KvStore store) {
    return MvStore.builder(store, config())
        .clock(clock)
        .timekeeper(false)
        .backgroundMerge(null)
        .open();
  }

  private void assertReadable(Version v, int page, byte[] data) {
    assertThat(Snapshots.pages(pages, ref("db"), v, page + 1).get(page))
        .endsWith(HexFormat.of().formatHex(data));
  }

  @Test
  void garbageReferencedAgainAfterTheReferenceScanIsKeptByTheRawReadVersionRule() throws Exception {
    Version ns = createNamespace("db");
    byte[] data = garbage(ns);
    // Stops GC at its last reference scan (delta referrers): the page index was already scanned.
    PausingKvStore paused =
        new PausingKvStore(kv, keys.referrerRange(ns), PausingKvStore.Point.RANGE_READ);
    try (MvStore gcEngine = engineOver(paused)) {
      CompletableFuture<ContentGcResult> gc =
          CompletableFuture.supplyAsync(
              () -> new ContentCollector(gcEngine.context()).collect(ns, true, n -> {}));
      assertThat(paused.awaitPaused(30)).isTrue();

      CommitOutcome reuse = commitFast(1, data);
      paused.release();

      assertThat(gc.get(30, TimeUnit.SECONDS).contentsDeleted()).isZero();
      assertThat(reuse).isInstanceOf(CommitOutcome.Committed.class);
      assertReadable(((CommitOutcome.Committed) reuse).version(), 1, data);
    }
  }

  @Test
  void garbageReferencedAgainWhileTheDeleteIsInFlightMakesTheDeleteConflict() throws Exception {
    Version ns = createNamespace("db");
    byte[] data = garbage(ns);
    // Stops GC's delete transaction after it decided, just before it commits.
    PausingKvStore paused = new PausingKvStore(kv, keys.contentIndexRange(ns));
    try (MvStore gcEngine = engineOver(paused)) {
      CompletableFuture<ContentGcResult> gc =
          CompletableFuture.supplyAsync(
              () -> new ContentCollector(gcEngine.context()).collect(ns, true, n -> {}));
      assertThat(paused.awaitPaused(30)).isTrue();

      CommitOutcome reuse = commitFast(1, data);
      paused.release();

      assertThat(gc.get(30, TimeUnit.SECONDS).contentsDeleted())
          .as("retried after the conflict: kept")
          .isZero();
      assertReadable(((CommitOutcome.Committed) reuse).version(), 1, data);
    }
  }

  @Test
  void gcBetweenTheTwoPhasesOfALargeCommitMakesItFailCleanly() {
    Version ns = createNamespace("db");
    commits.commit(ns, 0, page());
    List<byte[]> contents = List.of(page(), page(), page());
    List<PageHash> hashes =
        pages.write(ref("db"), contents.stream().map(c -> new PageWrite(c, null)).toList(), null);
    List<PageCommit> entries = new ArrayList<>();
    for (int i = 0; i < hashes.size(); i++) {
      entries.add(new PageCommit(i + 1, hashes.get(i), null));
    }
    CommitRequest request = request(pages.stat(ref("db"), null, null).version(), entries);
    List<ContentGcResult> gcRuns = new ArrayList<>();
    CommitHooks gcBetweenPhases =
        new CommitHooks() {
          @Override
          public void afterFirstPhase(IdempotencyKey key) {
            gcRuns.add(new ContentCollector(ctx).collect(ns, true, n -> {}));
          }
        };
    try (MvStore committer =
        MvStore.builder(kv, config())
            .clock(clock)
            .timekeeper(false)
            .backgroundMerge(null)
            .commitEngine(c -> new KvCommitEngine(c, gcBetweenPhases))
            .open()) {
      // Phase 2 reads the token at phase 1's version, where it is still there: GC's clear makes it
      // conflict.
      assertThatThrownBy(() -> committer.pageStore().commit(request))
          .isInstanceOfSatisfying(
              MvException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT));
      assertThat(gcRuns.getFirst().contentsDeleted())
          .as("the uploads were unreferenced, no lease")
          .isEqualTo(3);

      CommitRequest retry =
          new CommitRequest(
              request.idempotencyKey(), false, null, null, false, request.namespaces());
      assertThat(pages.commit(retry)).isInstanceOf(CommitOutcome.BadPageReference.class);
      assertThat(
              Snapshots.pages(pages, ref("db"), pages.stat(ref("db"), null, null).version(), 4)
                  .subList(1, 4))
          .as("nothing of the commit was published")
          .containsOnly("absent");
    }
  }
}
