package io.mvsqlite.store.gc;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.MvStore;
import io.mvsqlite.store.Snapshots;
import io.mvsqlite.store.StoreConfig;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.content.PageHasher;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.meta.DistributedLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Content GC (reference §8.2, docs/gc.md), with a fresh-page TTL of 100 s and scan batches of 3
 * keys.
 */
class ContentGcTest extends StoreFixture {

  private static final long SEED = 7781L;
  private static final long TTL = 100;
  private static final int PAGES = 12;

  private final Random random = new Random(SEED);

  @Override
  protected StoreConfig config() {
    return super.config().withGcFreshPageTtlSecs(TTL).withGcScanBatchSize(3);
  }

  private byte[] page(int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  private PageHash upload(String key, byte[] data, LeaseId lease) {
    return pages.write(ref(key), List.of(new PageWrite(data, null)), lease).getFirst();
  }

  private ContentGcResult gc(Version ns) {
    return new ContentCollector(ctx).collect(ns, true, n -> {});
  }

  private Set<PageHash> storedContents(Version ns) {
    Set<PageHash> out = new HashSet<>();
    try (KvTransaction tr = kv.createTransaction()) {
      byte[][] range = keys.contentIndexRange(ns);
      for (KeyValue e : tr.snapshot().getRange(range[0], range[1])) {
        PageHash h = keys.decodeContentIndexHash(e.key());
        assertThat(tr.snapshot().get(keys.content(ns, h))).as("content of %s", h).isNotNull();
        out.add(h);
      }
    }
    return out;
  }

  /** The hashes the retained page versions reference, read straight from the page index. */
  private Set<PageHash> indexedHashes(Version ns) {
    Set<PageHash> out = new HashSet<>();
    try (KvTransaction tr = kv.createTransaction()) {
      byte[][] range = keys.pageIndexRange(ns);
      tr.snapshot().getRange(range[0], range[1]).forEach(e -> out.add(new PageHash(e.value())));
    }
    return out;
  }

  private Map<Version, List<String>> everyVersion(String key, List<Version> versions) {
    Map<Version, List<String>> out = new HashMap<>();
    versions.forEach(v -> out.put(v, Snapshots.pages(pages, ref(key), v, PAGES)));
    return out;
  }

  @Test
  void unreferencedContentIsDeletedOnceOlderThanTheTtl() {
    Version ns = createNamespace("db");
    byte[] committed = page(1000);
    commits.commit(ns, 0, committed);
    PageHash orphan = upload("db", page(1000), null);

    clock.advance(Duration.ofSeconds(TTL - 1));
    assertThat(gc(ns).contentsDeleted()).as("still fresh").isZero();
    assertThat(storedContents(ns)).contains(orphan);

    clock.advance(Duration.ofSeconds(1));
    assertThat(gc(ns).contentsDeleted()).isEqualTo(1);
    assertThat(storedContents(ns)).containsExactly(PageHasher.hash(committed));
    assertThat(Snapshots.get(kv, keys.content(ns, orphan))).isNull();
    assertThat(
            Snapshots.pages(pages, ref("db"), pages.stat(ref("db"), null, null).version(), 1)
                .getFirst())
        .endsWith(Bytes.hex(committed));
  }

  @Test
  void contentOfEveryRetainedVersionIsKeptAndTruncatedVersionsReleaseTheirs() {
    Version ns = createNamespace("db");
    PageHistory h = new PageHistory(SEED, PAGES, 60, 512);
    h.commit(commits, ns, 30);
    Map<Version, List<String>> all = everyVersion("db", h.versions);
    clock.advance(Duration.ofSeconds(10 * TTL));

    assertThat(gc(ns).contentsDeleted())
        .as("nothing is garbage while every version is retained")
        .isZero();
    assertThat(everyVersion("db", h.versions)).isEqualTo(all);

    Version before = h.versions.get(20);
    admin.truncate("db", before, true, n -> {});
    Set<PageHash> garbage = new HashSet<>(storedContents(ns));
    garbage.removeAll(indexedHashes(ns));
    assertThat(garbage).as("seed %d: truncation must leave some garbage", SEED).isNotEmpty();

    assertThat(gc(ns).contentsDeleted()).as("seed %d", SEED).isEqualTo(garbage.size());
    assertThat(storedContents(ns))
        .doesNotContainAnyElementsOf(garbage)
        .containsAll(indexedHashes(ns));
    for (Version v : h.versions.subList(20, h.versions.size())) {
      assertThat(Snapshots.pages(pages, ref("db"), v, PAGES))
          .as("at %s, seed %d", v, SEED)
          .isEqualTo(all.get(v));
    }
  }

  @Test
  void aDeltaBaseIsKeptAsLongAsTheDeltaExists() {
    Version ns = createNamespace("db");
    byte[] base = page(4096);
    byte[] delta = base.clone();
    for (int i = 0; i < 8; i++) {
      delta[i * 300] ^= 0x5a;
    }
    commits.commit(ns, 0, base);
    PageHash deltaHash = pages.write(ref("db"), List.of(new PageWrite(delta, 0)), null).getFirst();
    assertThat(Snapshots.get(kv, keys.referrer(ns, deltaHash)))
        .as("stored as a delta")
        .isEqualTo(PageHasher.hash(base).bytes());
    commits.commit(ns, 1, delta);
    Version head = commits.commit(ns, 0, page(4096));
    admin.truncate("db", head, true, n -> {});
    clock.advance(Duration.ofSeconds(2 * TTL));

    assertThat(gc(ns).contentsDeleted()).as("the base only a delta refers to stays").isZero();
    assertThat(Snapshots.pages(pages, ref("db"), head, 2).get(1)).endsWith(Bytes.hex(delta));

    Version later = commits.commit(ns, 1, page(4096));
    admin.truncate("db", later, true, n -> {});
    clock.advance(Duration.ofSeconds(2 * TTL));
    assertThat(gc(ns).contentsDeleted())
        .as("the delta goes; its base was still referred to")
        .isEqualTo(1);
    assertThat(Snapshots.get(kv, keys.referrer(ns, deltaHash))).isNull();
    assertThat(storedContents(ns)).contains(PageHasher.hash(base)).doesNotContain(deltaHash);
    assertThat(gc(ns).contentsDeleted()).as("the next pass takes the base").isEqualTo(1);
    assertThat(storedContents(ns)).doesNotContain(PageHasher.hash(base));
  }

  @Test
  void stagedEntriesOfPublishedAndInFlightStagedCommitsAreKept() {
    Version ns = createNamespace("db");
    Map<Integer, byte[]> published = Map.of(0, page(700), 1, page(700));
    Version staged = commits.publishStaged(ns, IdempotencyKey.random().bytes(), published);
    byte[] inFlightData = page(700);
    PageHash inFlight = upload("db", inFlightData, null);
    byte[] commitId = IdempotencyKey.random().bytes();
    long expiry = clock.epochSecond() + 600;
    ctx.runner()
        .run(
            kv,
            tr -> {
              tr.set(keys.stagedEntry(ns, commitId, 5), inFlight.bytes());
              tr.set(keys.staging(ns, commitId), KeyCodec.stagingValue(expiry));
              return null;
            });
    clock.advance(Duration.ofSeconds(2 * TTL));

    ContentGcResult kept = gc(ns);
    assertThat(kept.contentsDeleted()).isZero();
    assertThat(kept.stagingsRemoved()).isZero();
    assertThat(Snapshots.pages(pages, ref("db"), staged, 2))
        .containsExactly(
            staged.hex() + ":" + Bytes.hex(published.get(0)),
            staged.hex() + ":" + Bytes.hex(published.get(1)));

    clock.advance(Duration.ofSeconds(600));
    ContentGcResult expired = gc(ns);
    assertThat(expired.stagingsRemoved()).isEqualTo(1);
    assertThat(expired.contentsDeleted()).as("the abandoned staging's content").isEqualTo(1);
    assertThat(Snapshots.get(kv, keys.staging(ns, commitId))).isNull();
    assertThat(Snapshots.keys(kv, keys.stagedEntriesRange(ns, commitId))).isEmpty();
    assertThat(storedContents(ns)).doesNotContain(inFlight).hasSize(2);
  }

  @Test
  void aLiveLeaseKeepsWhatWasUploadedUnderItEvenWithTtlZero() {
    MvStore gcNow = openEngine(c -> c.withGcFreshPageTtlSecs(0));
    Version ns = createNamespace("db");
    PageHash before = upload("db", page(300), null);
    LeaseId lease = LeaseId.random();
    PageHash underLease = upload("db", page(300), lease);
    ContentCollector collector = new ContentCollector(gcNow.context());

    ContentGcResult first = collector.collect(ns, true, n -> {});
    assertThat(first.contentsDeleted()).as("only content older than the lease goes").isEqualTo(1);
    assertThat(storedContents(ns)).containsExactly(underLease).doesNotContain(before);

    clock.advance(Duration.ofSeconds(50));
    pages.renewLease(ref("db"), lease);
    clock.advance(Duration.ofSeconds(60));
    assertThat(collector.collect(ns, true, n -> {}).contentsDeleted())
        .as("renewed: still live")
        .isZero();

    clock.advance(Duration.ofSeconds(1));
    ContentGcResult expired = collector.collect(ns, true, n -> {});
    assertThat(expired.contentsDeleted()).isEqualTo(1);
    assertThat(expired.leasesRemoved()).isEqualTo(1);
    assertThat(storedContents(ns)).isEmpty();
    assertThat(Snapshots.get(kv, keys.lease(ns, lease.bytes()))).isNull();
  }

  @Test
  void aDryRunCountsWhatARealRunDeletesAndChangesNothing() {
    Version ns = createNamespace("db");
    commits.commit(ns, 0, page(100));
    for (int i = 0; i < 7; i++) {
      upload("db", page(100), null);
    }
    pages.renewLease(ref("db"), LeaseId.random());
    byte[] commitId = IdempotencyKey.random().bytes();
    PageHash staged = upload("db", page(100), null);
    long expiry = clock.epochSecond() + 10;
    ctx.runner()
        .run(
            kv,
            tr -> {
              tr.set(keys.stagedEntry(ns, commitId, 3), staged.bytes());
              tr.set(keys.staging(ns, commitId), KeyCodec.stagingValue(expiry));
              return null;
            });
    clock.advance(Duration.ofSeconds(TTL + 100));
    List<String> everything = Snapshots.keySpace(kv);

    ContentGcResult dry = new ContentCollector(ctx).collect(ns, false, n -> {});
    assertThat(Snapshots.keySpace(kv)).as("the whole key space").isEqualTo(everything);

    ContentGcResult real = gc(ns);
    assertThat(dry).isEqualTo(real);
    assertThat(real.contentsDeleted()).isEqualTo(8);
    assertThat(real.stagingsRemoved()).isEqualTo(1);
    assertThat(real.leasesRemoved()).isEqualTo(1);
  }

  @Test
  void aBloomFilterStandsInForTheExactSetPastTheMemoryBudget() {
    Version ns = createNamespace("db");
    PageHistory h = new PageHistory(SEED, PAGES, 60, 512);
    h.commit(commits, ns, 30);
    admin.truncate("db", h.versions.get(20), true, n -> {});
    Set<PageHash> garbage = new HashSet<>(storedContents(ns));
    garbage.removeAll(indexedHashes(ns));
    Map<Version, List<String>> kept = everyVersion("db", h.versions.subList(20, h.versions.size()));
    clock.advance(Duration.ofSeconds(2 * TTL));

    ContentGcResult approximate = new ContentCollector(ctx, 0).collect(ns, true, n -> {});

    assertThat(approximate.exactReferences()).isFalse();
    assertThat(approximate.contentsDeleted())
        .as("seed %d: false positives only spare garbage", SEED)
        .isLessThanOrEqualTo(garbage.size())
        .isGreaterThanOrEqualTo(garbage.size() * 9L / 10);
    assertThat(everyVersion("db", h.versions.subList(20, h.versions.size()))).isEqualTo(kept);
    ContentGcResult exact = gc(ns);
    assertThat(exact.exactReferences()).isTrue();
    assertThat(approximate.contentsDeleted() + exact.contentsDeleted()).isEqualTo(garbage.size());
  }

  @Test
  void deletingContentClearsTheCommitTokenSoAnInterruptedTwoPhaseCommitFails() {
    Version ns = createNamespace("db");
    byte[] token = IdempotencyKey.random().bytes();
    ctx.runner()
        .run(
            kv,
            tr -> {
              tr.set(keys.commitToken(ns), token);
              return null;
            });
    commits.commit(ns, 0, page(100));
    clock.advance(Duration.ofSeconds(2 * TTL));
    gc(ns);
    assertThat(Snapshots.get(kv, keys.commitToken(ns)))
        .as("nothing deleted, token kept")
        .isEqualTo(token);

    upload("db", page(100), null);
    clock.advance(Duration.ofSeconds(2 * TTL));
    assertThat(gc(ns).contentsDeleted()).isEqualTo(1);
    assertThat(Snapshots.get(kv, keys.commitToken(ns))).isNull();
  }

  @Test
  void progressIsCumulative() {
    Version ns = createNamespace("db");
    for (int i = 0; i < 10; i++) {
      upload("db", page(100), null);
    }
    clock.advance(Duration.ofSeconds(2 * TTL));
    List<Long> reports = new ArrayList<>();
    long deleted = admin.deleteUnreferencedContent("db", true, reports::add);
    assertThat(deleted).isEqualTo(10);
    assertThat(reports).isSorted().doesNotHaveDuplicates().hasSizeGreaterThan(1);
    assertThat(reports.getLast()).isEqualTo(10);
  }

  @Test
  void aSecondCollectorOfTheSameNamespaceIsRefusedAndBadRequestsChangeNothing() {
    Version ns = createNamespace("db");
    try (DistributedLock other =
        new DistributedLock(
            kv,
            keys.nstask(ns, ContentCollector.TASK),
            clock,
            Duration.ofSeconds(5),
            Duration.ofHours(1),
            "x")) {
      assertThat(other.tryLock()).isTrue();
      assertCode(() -> admin.deleteUnreferencedContent("db", true, n -> {}), ErrorCode.TRANSIENT);
    }
    assertCode(
        () -> admin.deleteUnreferencedContent("nope", true, n -> {}),
        ErrorCode.NAMESPACE_NOT_FOUND);
    MvStore replica = openEngine(c -> c.withReadOnly(true));
    assertCode(
        () -> replica.admin().deleteUnreferencedContent("db", false, n -> {}), ErrorCode.READ_ONLY);
  }
}
