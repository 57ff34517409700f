package io.mvsqlite.store.gc;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.LockAcquireOutcome;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.MvStore;
import io.mvsqlite.store.Snapshots;
import io.mvsqlite.store.StoreConfig;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.meta.DistributedLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Version truncation (reference §8.1, docs/gc.md), with a scan batch of 3 keys so batch boundaries
 * are everywhere.
 */
class TruncationTest extends StoreFixture {

  private static final long SEED = 20260101L;
  private static final int PAGES = 12;

  @Override
  protected StoreConfig config() {
    return super.config().withGcScanBatchSize(3);
  }

  private PageHistory history(Version ns, int commits) {
    PageHistory h = new PageHistory(SEED, PAGES, 9, 256);
    h.commit(this.commits, ns, commits);
    return h;
  }

  private Map<Version, List<String>> snapshotsFrom(String key, List<Version> versions) {
    Map<Version, List<String>> out = new HashMap<>();
    for (Version v : versions) {
      out.put(v, Snapshots.pages(pages, ref(key), v, PAGES));
    }
    return out;
  }

  private NamespaceMetadata metadata(String key) {
    return admin.stat(key).metadata();
  }

  @Test
  void readsAtOrAfterTheWatermarkAreUnchangedAndReadsBelowItFail() {
    Version ns = createNamespace("db");
    PageHistory h = history(ns, 40);
    Version before = h.versions.get(20);
    List<Version> kept = h.versions.subList(20, h.versions.size());
    Map<Version, List<String>> expected = snapshotsFrom("db", kept);

    long deleted = admin.truncate("db", before, true, n -> {});

    assertThat(deleted).as("seed %d", SEED).isEqualTo(h.deletableBelow(before)).isPositive();
    for (Version v : kept) {
      assertThat(Snapshots.pages(pages, ref("db"), v, PAGES))
          .as("pages at %s, seed %d", v, SEED)
          .isEqualTo(expected.get(v));
    }
    assertThat(metadata("db").truncatedBefore()).isEqualTo(before);
    assertCode(
        () -> pages.read(ref("db"), List.of(PageRead.at(0, h.versions.get(19)))),
        ErrorCode.VERSION_TRUNCATED);
    assertThat(Snapshots.keys(kv, keys.pageIndexRange(ns)))
        .as("exactly the model's surviving versions remain")
        .hasSize(h.model.values().stream().mapToInt(TreeMap::size).sum() - (int) deleted);
  }

  @Test
  void progressIsCumulativeAndEndsAtTheTotal() {
    Version ns = createNamespace("db");
    PageHistory h = history(ns, 30);
    List<Long> reports = new ArrayList<>();
    long deleted = admin.truncate("db", h.versions.getLast(), true, reports::add);
    assertThat(reports).isSorted().doesNotHaveDuplicates().isNotEmpty();
    assertThat(reports.getLast())
        .isEqualTo(deleted)
        .isEqualTo(h.deletableBelow(h.versions.getLast()));
  }

  @Test
  void aDryRunCountsTheSameButChangesNothingAtAll() {
    Version ns = createNamespace("db");
    PageHistory h = history(ns, 30);
    Version before = h.versions.get(15);
    List<String> everything = Snapshots.keySpace(kv);

    long wouldDelete = admin.truncate("db", before, false, n -> {});

    assertThat(Snapshots.keySpace(kv))
        .as("the whole key space, seed %d", SEED)
        .isEqualTo(everything);
    assertThat(wouldDelete).isEqualTo(h.deletableBelow(before)).isPositive();
    assertThat(metadata("db").truncatedBefore()).isNull();
    assertThat(admin.truncate("db", before, true, n -> {})).isEqualTo(wouldDelete);
  }

  @Test
  void changelogAndIdempotencyRecordsBelowTheWatermarkAreDeleted() {
    Version ns = createNamespace("db");
    PageHistory h = history(ns, 10);
    Map<Version, IdempotencyKey> records = new HashMap<>();
    for (Version v : h.versions) {
      IdempotencyKey k = IdempotencyKey.random();
      records.put(v, k);
      ctx.runner()
          .run(
              kv,
              tr -> {
                tr.set(keys.idempotency(ns, k), v.bytes());
                return null;
              });
    }
    Version before = h.versions.get(5);
    Version head = h.versions.getLast();
    int[] interval;
    try (KvTransaction tr = kv.createTransaction()) {
      interval = ctx.intervals().read(tr.snapshot(), ns, before, head, true);
    }

    admin.truncate("db", before, true, n -> {});

    for (Version v : h.versions) {
      boolean gone = v.isBefore(before);
      assertThat(Snapshots.get(kv, keys.changelog(ns, v)) == null)
          .as("changelog at %s", v)
          .isEqualTo(gone);
      assertThat(Snapshots.get(kv, keys.idempotency(ns, records.get(v))) == null)
          .as("record of %s", v)
          .isEqualTo(gone);
    }
    try (KvTransaction tr = kv.createTransaction()) {
      assertThat(ctx.intervals().read(tr.snapshot(), ns, before, head, true))
          .as("intervals starting at the watermark still work")
          .isEqualTo(interval)
          .isNotNull();
    }
  }

  @Test
  void theWatermarkIsClampedToTheLockSnapshot() {
    Version ns = createNamespace("db");
    PageHistory h = history(ns, 20);
    Version snapshot = h.versions.get(8);
    assertThat(pages.acquireLock(ref("db"), "owner", snapshot))
        .isEqualTo(new LockAcquireOutcome.Acquired(false));
    List<String> atSnapshot = Snapshots.pages(pages, ref("db"), snapshot, PAGES);

    long deleted = admin.truncate("db", h.versions.getLast(), true, n -> {});

    assertThat(metadata("db").truncatedBefore()).isEqualTo(snapshot);
    assertThat(deleted).isEqualTo(h.deletableBelow(snapshot));
    assertThat(Snapshots.pages(pages, ref("db"), snapshot, PAGES))
        .as("seed %d", SEED)
        .isEqualTo(atSnapshot);
  }

  @Test
  void theWatermarkIsClampedToTheOldestForkSnapshot() {
    Version ns = createNamespace("base");
    PageHistory h = history(ns, 20);
    Version forkAt = h.versions.get(6);
    admin.fork("base", forkAt, "child");
    admin.fork("base", h.versions.get(12), "child2");
    Version child = admin.stat("child").id();
    List<String> baseAtFork = Snapshots.pages(pages, ref("base"), forkAt, PAGES);
    assertThat(Snapshots.pages(pages, ref("child"), child, PAGES)).isEqualTo(baseAtFork);

    admin.truncate("base", h.versions.getLast(), true, n -> {});

    assertThat(metadata("base").truncatedBefore()).isEqualTo(forkAt);
    assertThat(Snapshots.pages(pages, ref("child"), child, PAGES))
        .as("the fork still reads the base at its snapshot, seed %d", SEED)
        .isEqualTo(baseAtFork);
  }

  @Test
  void theWatermarkNeverRisesAboveTheHead() {
    Version ns = createNamespace("db");
    PageHistory h = history(ns, 5);
    Version head = pages.stat(ref("db"), null, null).version();
    assertThat(head).isEqualTo(h.versions.getLast());
    List<String> atHead = Snapshots.pages(pages, ref("db"), head, PAGES);

    admin.truncate("db", Version.MAX, true, n -> {});

    assertThat(metadata("db").truncatedBefore()).isEqualTo(head);
    assertThat(Snapshots.pages(pages, ref("db"), head, PAGES))
        .as("reads at the head still work")
        .isEqualTo(atHead);
  }

  @Test
  void aLowerRequestDoesNotLowerTheWatermark() {
    Version ns = createNamespace("db");
    PageHistory h = history(ns, 10);
    admin.truncate("db", h.versions.get(7), true, n -> {});
    admin.truncate("db", h.versions.get(3), true, n -> {});
    assertThat(metadata("db").truncatedBefore()).isEqualTo(h.versions.get(7));
  }

  @Test
  void unmergedStagedCommitsStayReadableAcrossTruncationAndMerge() {
    Version ns = createNamespace("db");
    PageHistory h = history(ns, 6);
    byte[] commitId = IdempotencyKey.random().bytes();
    Map<Integer, byte[]> stagedPages = new HashMap<>();
    for (int p = 0; p < 4; p++) {
      stagedPages.put(p, ("staged page " + p).getBytes());
    }
    Version staged = commits.publishStaged(ns, commitId, stagedPages);
    h.record(staged, stagedPages);
    h.commit(commits, ns, 6);
    Version head = h.versions.getLast();
    List<Version> kept = List.of(staged, h.versions.get(h.versions.size() - 3), head);
    Map<Version, List<String>> expected = snapshotsFrom("db", kept);
    List<String> stagedKeys = Snapshots.keys(kv, keys.allStagedEntriesRange(ns));

    admin.truncate("db", head, true, n -> {});
    assertThat(Snapshots.keys(kv, keys.allStagedEntriesRange(ns)))
        .as("staged entries untouched")
        .isEqualTo(stagedKeys);
    assertThat(Snapshots.get(kv, keys.stagedCommit(ns, staged)))
        .as("the b record stays")
        .isEqualTo(commitId);
    assertThat(Snapshots.pages(pages, ref("db"), head, PAGES)).isEqualTo(expected.get(head));

    commits.mergeStagedEntries(ns, staged, commitId);
    assertThat(Snapshots.pages(pages, ref("db"), head, PAGES))
        .as("half merged")
        .isEqualTo(expected.get(head));
    commits.finishStaged(ns, staged, commitId);
    assertThat(Snapshots.pages(pages, ref("db"), head, PAGES))
        .as("merged")
        .isEqualTo(expected.get(head));
    admin.truncate("db", head, true, n -> {});
    assertThat(Snapshots.pages(pages, ref("db"), head, PAGES))
        .as("truncated again")
        .isEqualTo(expected.get(head));
  }

  @Test
  void theMinimumAgePolicyRefusesYoungTruncations() {
    Version ns = createNamespace("db");
    MvStore strict = openEngine(c -> c.withTruncateMinAgeSeconds(3600));
    Version first = commits.commit(ns, 0, new byte[] {1});
    assertThatThrownBy(() -> strict.admin().truncate("db", first, false, n -> {}))
        .isInstanceOfSatisfying(
            MvException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRUNCATION_REFUSED))
        .hasMessageContaining("no time2version history before the cutoff");

    Version old = recordTimePoint(clock.epochSecond() - 7200);
    Version young = commits.commit(ns, 0, new byte[] {2});
    assertThatThrownBy(() -> strict.admin().truncate("db", young, true, n -> {}))
        .isInstanceOfSatisfying(
            MvException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRUNCATION_REFUSED))
        .hasMessageContaining("the newest allowed is " + old.hex());
    assertThat(metadata("db").truncatedBefore()).as("a refusal changes nothing").isNull();
    strict.admin().truncate("db", old, true, n -> {});
    assertThat(metadata("db").truncatedBefore()).isEqualTo(old);

    MvStore absurd = openEngine(c -> c.withTruncateMinAgeSeconds(clock.epochSecond() + 1));
    assertThatThrownBy(() -> absurd.admin().truncate("db", old, false, n -> {}))
        .hasMessageContaining("exceeds the current unix time");
  }

  @Test
  void aTruncationAlreadyRunningElsewhereIsRefusedAsTransient() {
    Version ns = createNamespace("db");
    history(ns, 3);
    try (DistributedLock other =
        new DistributedLock(
            kv,
            keys.nstask(ns, VersionTruncator.TASK),
            clock,
            Duration.ofSeconds(5),
            Duration.ofHours(1),
            "other")) {
      assertThat(other.tryLock()).isTrue();
      assertCode(() -> admin.truncate("db", Version.MAX, true, n -> {}), ErrorCode.TRANSIENT);
      assertThat(admin.truncate("db", Version.MAX, false, n -> {}))
          .as("a dry run needs no lock")
          .isPositive();
    }
  }

  @Test
  void unknownNamespacesAndReadOnlyStoresAreRefused() {
    assertCode(
        () -> admin.truncate("nope", Version.MAX, true, n -> {}), ErrorCode.NAMESPACE_NOT_FOUND);
    createNamespace("db");
    MvStore replica = openEngine(c -> c.withReadOnly(true));
    assertCode(
        () -> replica.admin().truncate("db", Version.MAX, false, n -> {}), ErrorCode.READ_ONLY);
  }

  /** What the timekeeper does: maps unix second {@code secs} to the version of this very commit. */
  private Version recordTimePoint(long secs) {
    return ctx.runner()
        .runWithCommit(
            kv,
            tr -> {
              tr.mutate(
                  MutationType.SET_VERSIONSTAMPED_VALUE,
                  keys.time2version(secs),
                  KeyCodec.versionstampValueTemplate());
              return new Version(tr.commit().versionstamp().toBytes());
            });
  }
}
