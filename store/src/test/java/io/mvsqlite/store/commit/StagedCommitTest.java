package io.mvsqlite.store.commit;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.Await;
import io.mvsqlite.store.MvStore;
import io.mvsqlite.store.Snapshots;
import io.mvsqlite.store.StoreConfig;
import io.mvsqlite.store.content.PageHasher;
import io.mvsqlite.store.keys.KeyCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Path 3, staged commits, with small thresholds (staged above 100 pages, chunks of 32): the
 * protocol's steps, the discard of a staging that cannot be published, and crashes between the
 * steps followed by a restart.
 */
class StagedCommitTest extends CommitFixture {

  private static final int PAGES = 300;

  /** What a hook throws to stop the engine as a crash would. */
  static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(String where) {
      super("simulated crash " + where);
    }
  }

  @Override
  protected StoreConfig config() {
    return super.config().withCommitStagedThreshold(100).withStagedChunkPages(32);
  }

  private List<byte[]> contents;
  private List<PageHash> hashes;

  /**
   * Uploads {@code PAGES} distinct pages to {@code ns} and returns their entries (pages
   * 0..PAGES-1).
   */
  private List<PageCommit> uploaded(String ns) {
    contents = distinctContents(PAGES, 64);
    hashes = upload(ns, contents);
    return entries(0, PAGES, hashes);
  }

  private void assertAllVisible(PageStore store, String ns, Version v) {
    for (int from = 0; from < PAGES; from += Limits.MAX_PAGES_PER_READ) {
      List<PageRead> reads = new ArrayList<>();
      for (int p = from; p < Math.min(PAGES, from + Limits.MAX_PAGES_PER_READ); p++) {
        reads.add(PageRead.at(p, v));
      }
      List<PageData> got = store.read(ref(ns), reads);
      for (int i = 0; i < got.size(); i++) {
        assertThat(got.get(i).data())
            .as("page %d at %s", from + i, v)
            .isEqualTo(contents.get(from + i));
        assertThat(got.get(i).version()).isEqualTo(v);
      }
    }
  }

  private void assertNoStagingLeft(Version id) {
    assertThat(countKeys(keys.allStagedEntriesRange(id))).as("staged entries").isZero();
    assertThat(countKeys(keys.stagedCommitRange(id))).as("published staged commits").isZero();
    assertThat(countKeys(keys.stagingRange(id))).as("staging records").isZero();
    assertThat(metadataOf(id).stagedCommits()).isZero();
    assertThat(countKeys(keys.stagedNamespaceRange())).as("stagedns markers").isZero();
  }

  @Test
  void aStagedCommitIsVisibleAtItsVersionAndMergedBeforeTheAnswer() {
    Version id = createNamespace("db");
    List<PageCommit> entries = new ArrayList<>(uploaded("db"));
    byte[] inline = data(64);
    entries.add(fast(PAGES + 5, inline));
    Version base = head("db");
    CommitOutcome outcome = pages.commit(request(ns("db", base, null, entries)));
    Version v = ((CommitOutcome.Committed) outcome).version();

    assertAllVisible(pages, "db", v);
    assertThat(read("db", PAGES + 5, v).data()).isEqualTo(inline);
    assertThat(read("db", 0, base).isAbsent()).isTrue();
    assertThat(head("db")).isEqualTo(v);
    assertThat(versionsOf(id, 17)).as("merged into the page index").containsExactly(v);
    assertNoStagingLeft(id);
    assertThat(KeyCodec.decodeChangelog(Snapshots.get(kv, keys.changelog(id, v))))
        .as("fewer than 500 pages: listed")
        .hasSize(PAGES + 1);
  }

  @Test
  void aRetryOfAPublishedStagedCommitAnswersItsVersion() {
    Version id = createNamespace("db");
    CommitRequest r = request(ns("db", head("db"), null, uploaded("db")));
    Version v = committed(r);
    committed(request(ns("db", v, null, fast(1, data(8)))));
    assertThat(committed(retryOf(r))).isEqualTo(v);
    assertThat(versionsOf(id, 2)).containsExactly(v);
  }

  @Test
  void aStaleStagedCommitConflictsBeforeStagingAnything() {
    Version id = createNamespace("db");
    Version base = head("db");
    committed(request(ns("db", base, null, fast(1, data(8)))));
    assertThat(pages.commit(request(ns("db", base, null, uploaded("db")))))
        .isInstanceOf(CommitOutcome.Conflict.class);
    assertNoStagingLeft(id);
  }

  @Test
  void aCommitLandingDuringStagingMakesThePublishConflictAndDiscardsTheStaging() {
    Version id = createNamespace("db");
    Version base = head("db");
    CommitHooks interloper =
        new CommitHooks() {
          @Override
          public void afterStaging(IdempotencyKey key) {
            committed(request(ns("db", base, null, fast(PAGES + 1, data(8)))));
          }
        };
    PageStore store = engine(kv, interloper, null).pageStore();
    assertThat(store.commit(request(ns("db", base, null, uploaded("db")))))
        .isInstanceOf(CommitOutcome.Conflict.class);
    assertThat(versionsOf(id, 0)).isEmpty();
    assertNoStagingLeft(id);
  }

  @Test
  void aMissingHashIsABadPageReferenceAndDiscardsTheStaging() {
    Version id = createNamespace("db");
    List<PageCommit> entries = new ArrayList<>(uploaded("db"));
    entries.set(200, entry(200, PageHasher.hash(data(64))));
    CommitOutcome outcome = pages.commit(request(ns("db", head("db"), null, entries)));
    assertThat(outcome).isInstanceOf(CommitOutcome.BadPageReference.class);
    assertNoStagingLeft(id);
  }

  @Test
  void aStagingCollectedBeforeItsPublishIsABadPageReference() {
    Version id = createNamespace("db");
    CommitHooks janitor =
        new CommitHooks() {
          @Override
          public void afterStaging(IdempotencyKey key) {
            // What content GC does to an expired staging: i and its staged entries, in one
            // transaction.
            ctx.runner()
                .run(
                    kv,
                    tr -> {
                      byte[][] s = keys.stagedEntriesRange(id, key.bytes());
                      tr.clearRange(s[0], s[1]);
                      tr.clear(keys.staging(id, key.bytes()));
                      return null;
                    });
          }
        };
    PageStore store = engine(kv, janitor, null).pageStore();
    CommitOutcome outcome = store.commit(request(ns("db", head("db"), null, uploaded("db"))));
    assertThat(outcome).isInstanceOf(CommitOutcome.BadPageReference.class);
    assertThat(((CommitOutcome.BadPageReference) outcome).detail()).contains("expired");
    assertThat(versionsOf(id, 0)).isEmpty();
    assertNoStagingLeft(id);
  }

  @Test
  void aGroupIsStagedPerNamespaceAndPublishedInOneTransaction() {
    Version a = createNamespace("a");
    Version b = createNamespace("b");
    List<PageCommit> entriesA = uploaded("a");
    List<byte[]> contentsA = contents;
    List<PageCommit> entriesB = uploaded("b");
    CommitOutcome outcome =
        pages.commit(
            request(ns("a", head("a"), null, entriesA), ns("b", head("b"), null, entriesB)));
    Version v = ((CommitOutcome.Committed) outcome).version();
    assertAllVisible(pages, "b", v);
    contents = contentsA;
    assertAllVisible(pages, "a", v);
    assertThat(head("a")).isEqualTo(v);
    assertThat(head("b")).isEqualTo(v);
    assertNoStagingLeft(a);
    assertNoStagingLeft(b);
  }

  @Test
  void aCrashAfterStagingLeavesNothingVisibleAndTheRetryCommitsOnce() {
    Version id = createNamespace("db");
    Version base = head("db");
    CommitRequest r = request(ns("db", base, null, uploaded("db")));
    CommitHooks crash =
        new CommitHooks() {
          @Override
          public void afterStaging(IdempotencyKey key) {
            throw new SimulatedCrash("after staging");
          }
        };
    assertCode(() -> engine(kv, crash, null).pageStore().commit(r), ErrorCode.INTERNAL);

    MvStore restarted = engine(kv, CommitHooks.NONE, Duration.ofMillis(50));
    PageStore store = restarted.pageStore();
    assertThat(store.stat(ref("db"), null, null).version()).isEqualTo(base);
    long rv = ctx.runner().run(kv, KvTransaction::getReadVersion);
    Version now = Version.atReadVersion(rv);
    assertThat(store.read(ref("db"), List.of(PageRead.at(0, now))).getFirst().isAbsent()).isTrue();
    assertThat(countKeys(keys.stagingRange(id))).as("left for content GC once it expires").isOne();

    CommitOutcome retried = store.commit(retryOf(r));
    Version v = ((CommitOutcome.Committed) retried).version();
    assertAllVisible(store, "db", v);
    assertThat(versionsOf(id, 0)).containsExactly(v);
    assertNoStagingLeft(id);
  }

  @Test
  void aCrashAfterPublishLeavesEverythingVisibleAndTheBackgroundMergerFinishes() {
    Version id = createNamespace("db");
    CommitRequest r = request(ns("db", head("db"), null, uploaded("db")));
    Version[] published = new Version[1];
    CommitHooks crash =
        new CommitHooks() {
          @Override
          public void afterPublish(Version version) {
            published[0] = version;
            throw new SimulatedCrash("after publish");
          }
        };
    assertCode(() -> engine(kv, crash, null).pageStore().commit(r), ErrorCode.INTERNAL);
    Version v = published[0];

    PageStore noMerger = engine(kv, CommitHooks.NONE, null).pageStore();
    assertThat(metadataOf(id).stagedCommits()).isOne();
    assertThat(versionsOf(id, 0)).as("not merged").isEmpty();
    assertAllVisible(noMerger, "db", v);
    assertThat(noMerger.stat(ref("db"), null, null).version()).isEqualTo(v);
    assertThat(committed(retryOf(r))).as("the client's retry").isEqualTo(v);

    engine(kv, CommitHooks.NONE, Duration.ofMillis(50));
    Await.until(
        Duration.ofSeconds(30), "the background merger", () -> metadataOf(id).stagedCommits() == 0);
    assertNoStagingLeft(id);
    assertAllVisible(pages, "db", v);
    for (int p = 0; p < PAGES; p += 37) {
      assertThat(versionsOf(id, p)).containsExactly(v);
    }
  }

  @Test
  void aCrashInTheMiddleOfTheMergeIsFinishedByTheBackgroundMerger() {
    Version id = createNamespace("db");
    CommitRequest r = request(ns("db", head("db"), null, uploaded("db")));
    Version[] published = new Version[1];
    AtomicBoolean crashed = new AtomicBoolean();
    CommitHooks crash =
        new CommitHooks() {
          @Override
          public void afterPublish(Version version) {
            published[0] = version;
          }

          @Override
          public void afterMergeChunk(Version ns, Version version, int chunk) {
            if (chunk == 2 && crashed.compareAndSet(false, true)) {
              throw new SimulatedCrash("in the merge");
            }
          }
        };
    assertCode(() -> engine(kv, crash, null).pageStore().commit(r), ErrorCode.INTERNAL);
    Version v = published[0];
    assertThat(metadataOf(id).stagedCommits()).isOne();
    assertThat(versionsOf(id, 64)).as("chunk 2 was copied").containsExactly(v);
    assertAllVisible(engine(kv, CommitHooks.NONE, null).pageStore(), "db", v);

    clock.advance(Duration.ofSeconds(30));
    engine(kv, CommitHooks.NONE, Duration.ofMillis(50));
    Await.until(
        Duration.ofSeconds(30), "the background merger", () -> metadataOf(id).stagedCommits() == 0);
    assertNoStagingLeft(id);
    assertAllVisible(pages, "db", v);
    for (int p = 0; p < PAGES; p++) {
      assertThat(versionsOf(id, p)).as("page %d", p).containsExactly(v);
    }
  }
}
