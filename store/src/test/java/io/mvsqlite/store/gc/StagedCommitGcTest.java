package io.mvsqlite.store.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.PageCommit;
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
 * Content GC with a fresh-page TTL of 0 running exactly between the steps of a staged commit (path
 * 3): between begin and staging (by holding the staging transactions before they commit), after
 * staging, and after publishing (through the commit engine's hooks). The commits send fast writes
 * and no lease, so nothing but the staged-commit records protects their content. Whatever GC does
 * there, the commit must either fail cleanly or land with every page readable.
 */
class StagedCommitGcTest extends StoreFixture {

  private static final long SEED = 31_337L;

  @Override
  protected StoreConfig config() {
    return super.config()
        .withGcFreshPageTtlSecs(0)
        .withCommitMultiPhaseThreshold(2)
        .withCommitStagedThreshold(2)
        .withStagedChunkPages(2);
  }

  @Test
  void gcBetweenBeginAndStagingNeverLeavesAStagedCommitWithMissingContent() throws Exception {
    Version ns = createNamespace("db");
    PausingKvStore paused = new PausingKvStore(kv, keys.allStagedEntriesRange(ns));
    Random random = new Random(SEED);
    List<PageCommit> entries = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      byte[] data = new byte[512];
      random.nextBytes(data);
      contents.add(data);
      entries.add(new PageCommit(p, PageHasher.hash(data), data));
    }
    Version base = pages.stat(ref("db"), null, null).version();
    CommitRequest request =
        new CommitRequest(
            IdempotencyKey.random(),
            true,
            null,
            null,
            false,
            List.of(new NamespaceCommit(ref("db"), base, null, entries)));

    try (MvStore committer =
        MvStore.builder(paused, config())
            .clock(clock)
            .timekeeper(false)
            .backgroundMerge(null)
            .open()) {
      CompletableFuture<CommitOutcome> outcome =
          CompletableFuture.supplyAsync(() -> committer.pageStore().commit(request));
      assertThat(paused.awaitPaused(30)).as("the staging step was reached").isTrue();
      ContentGcResult gc = new ContentCollector(ctx).collect(ns, true, n -> {});
      paused.release();
      CommitOutcome result = outcome.get(30, TimeUnit.SECONDS);

      if (result instanceof CommitOutcome.Committed c) {
        List<String> read = Snapshots.pages(pages, ref("db"), c.version(), 4);
        for (int p = 0; p < 4; p++) {
          assertThat(read.get(p))
              .as(
                  "page %d of a committed staged commit (GC deleted %d contents meanwhile)",
                  p, gc.contentsDeleted())
              .endsWith(HexFormat.of().formatHex(contents.get(p)));
        }
      } else {
        assertThat(result).as("a clean refusal").isInstanceOf(CommitOutcome.BadPageReference.class);
      }
    }
  }

  @Test
  void gcAfterStagingAndAfterPublishKeepsEveryStagedPage() {
    Version ns = createNamespace("db");
    Random random = new Random(SEED + 1);
    List<PageCommit> entries = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (int p = 0; p < 5; p++) {
      byte[] data = new byte[512];
      random.nextBytes(data);
      contents.add(data);
      entries.add(new PageCommit(p, PageHasher.hash(data), data));
    }
    List<Long> deleted = new ArrayList<>();
    CommitHooks gcAtEachStep =
        new CommitHooks() {
          @Override
          public void afterStaging(IdempotencyKey key) {
            deleted.add(new ContentCollector(ctx).collect(ns, true, n -> {}).contentsDeleted());
          }

          @Override
          public void afterPublish(Version version) {
            deleted.add(new ContentCollector(ctx).collect(ns, true, n -> {}).contentsDeleted());
          }
        };
    Version base = pages.stat(ref("db"), null, null).version();
    CommitRequest request =
        new CommitRequest(
            IdempotencyKey.random(),
            true,
            null,
            null,
            false,
            List.of(new NamespaceCommit(ref("db"), base, null, entries)));

    try (MvStore committer =
        MvStore.builder(kv, config())
            .clock(clock)
            .timekeeper(false)
            .backgroundMerge(null)
            .commitEngine(c -> new KvCommitEngine(c, gcAtEachStep))
            .open()) {
      CommitOutcome result = committer.pageStore().commit(request);

      assertThat(deleted)
          .as("staged entries, then the published staged commit, reference them")
          .containsExactly(0L, 0L);
      assertThat(result).isInstanceOf(CommitOutcome.Committed.class);
      List<String> read =
          Snapshots.pages(pages, ref("db"), ((CommitOutcome.Committed) result).version(), 5);
      for (int p = 0; p < 5; p++) {
        assertThat(read.get(p))
            .as("page %d", p)
            .endsWith(HexFormat.of().formatHex(contents.get(p)));
      }
    }
  }
}
