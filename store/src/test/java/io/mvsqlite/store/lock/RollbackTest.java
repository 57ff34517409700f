package io.mvsqlite.store.lock;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.LockReleaseMode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.NamespaceMetadata.NamespaceLock;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.Snapshots;
import io.mvsqlite.store.StoreConfig;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.commit.StagedMerger;
import io.mvsqlite.store.keys.KeyCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Releasing a namespace lock in rollback mode (reference §10, docs/nslock.md), with rollback
 * batches of 3 keys.
 */
class RollbackTest extends StoreFixture {

  private static final long SEED = 4242L;
  private static final int PAGES = 10;

  private final Random random = new Random(SEED);

  @Override
  protected StoreConfig config() {
    return super.config().withNslockRollbackScanBatchSize(3);
  }

  private byte[] page() {
    byte[] b = new byte[64];
    random.nextBytes(b);
    return b;
  }

  /** {@code n} commits of 1..3 random pages; returns their versions. */
  private List<Version> history(Version ns, int n) {
    List<Version> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<Integer, byte[]> pages = new HashMap<>();
      for (int j = random.nextInt(3); j >= 0; j--) {
        pages.put(random.nextInt(PAGES), page());
      }
      out.add(commits.commit(ns, pages));
    }
    return out;
  }

  private void remember(Version ns, Version v, IdempotencyKey k) {
    ctx.runner()
        .run(
            kv,
            tr -> {
              tr.set(keys.idempotency(ns, k), v.bytes());
              return null;
            });
  }

  private int[] interval(Version ns, Version from, Version to) {
    try (KvTransaction tr = kv.createTransaction()) {
      return ctx.intervals().read(tr.snapshot(), ns, from, to, true);
    }
  }

  private NamespaceMetadata metadata(String key) {
    return admin.stat(key).metadata();
  }

  private List<Version> pageVersions(Version ns) {
    byte[][] range = keys.pageIndexRange(ns);
    return Snapshots.keys(kv, range).stream()
        .map(k -> keys.decodePage(Bytes.unhex(k)).version())
        .toList();
  }

  @Test
  void rollbackRestoresTheSnapshotPageByPage() {
    Version ns = createNamespace("db");
    List<Version> before = history(ns, 8);
    Version snapshot = before.get(5);
    List<String> expected = Snapshots.pages(pages, ref("db"), snapshot, PAGES);
    IdempotencyKey kept = IdempotencyKey.random();
    remember(ns, snapshot, kept);
    pages.acquireLock(ref("db"), "owner", snapshot);
    List<Version> owners = history(ns, 12);
    IdempotencyKey undone = IdempotencyKey.random();
    remember(ns, owners.getLast(), undone);
    int[] interval = interval(ns, before.get(2), snapshot);

    pages.releaseLock(ref("db"), "owner", LockReleaseMode.ROLLBACK);

    assertThat(metadata("db").lock()).isNull();
    assertThat(pages.stat(ref("db"), null, null).version()).isEqualTo(snapshot);
    assertThat(Snapshots.pages(pages, ref("db"), snapshot, PAGES))
        .as("seed %d", SEED)
        .isEqualTo(expected);
    assertThat(
            Snapshots.pages(
                pages, ref("db"), Version.atReadVersion(owners.getLast().commitVersion()), PAGES))
        .as("no version after the snapshot is left, seed %d", SEED)
        .isEqualTo(expected);
    assertThat(pageVersions(ns)).allMatch(v -> !v.isAfter(snapshot));
    assertThat(Snapshots.get(kv, keys.lastWriteVersion(ns)))
        .isEqualTo(KeyCodec.lastWriteVersionAfterRollback(snapshot));
    byte[][] newerChangelog = {
      Bytes.keyAfter(keys.changelog(ns, snapshot)), Bytes.strinc(keys.changelogPrefix(ns))
    };
    assertThat(Snapshots.keys(kv, newerChangelog))
        .as("changelog entries after the snapshot")
        .isEmpty();
    assertThat(interval(ns, before.get(2), snapshot))
        .as("intervals up to the snapshot still work")
        .isEqualTo(interval);
    assertThat(Snapshots.get(kv, keys.idempotency(ns, undone)))
        .as("a rolled-back commit is forgotten")
        .isNull();
    assertThat(Snapshots.get(kv, keys.idempotency(ns, kept))).isEqualTo(snapshot.bytes());
    assertThat(Snapshots.get(kv, keys.rollbackCursor(ns))).isNull();
  }

  @Test
  void anInterruptedRollbackResumesFromItsCursor() {
    Version ns = createNamespace("db");
    Version snapshot = history(ns, 4).getLast();
    List<String> expected = Snapshots.pages(pages, ref("db"), snapshot, PAGES);
    pages.acquireLock(ref("db"), "owner", null);
    history(ns, 15);
    LockRollback rollback = new LockRollback(ctx);

    LockRollback.Target target = rollback.mark(ref("db"), "owner");
    String sixthKey = Snapshots.keys(kv, keys.pageIndexRange(ns)).get(5);
    assertThat(rollback.deletePageVersions(target, 2))
        .as("two batches of 3 do not cover the index")
        .isFalse();

    int cursor = KeyCodec.decodeRollbackCursor(Snapshots.get(kv, keys.rollbackCursor(ns)));
    assertThat(cursor)
        .as("the page of the last key scanned")
        .isEqualTo(keys.decodePage(Bytes.unhex(sixthKey)).pageIndex());
    assertThat(pageVersions(ns)).anyMatch(v -> v.isAfter(snapshot));
    assertThat(metadata("db").lock().rollingBack()).isTrue();
    assertThat(pages.stat(ref("db"), null, null).version())
        .as("readers still see the snapshot")
        .isEqualTo(snapshot);

    pages.releaseLock(ref("db"), "owner", LockReleaseMode.ROLLBACK);

    assertThat(pageVersions(ns)).allMatch(v -> !v.isAfter(snapshot));
    assertThat(Snapshots.pages(pages, ref("db"), snapshot, PAGES))
        .as("seed %d", SEED)
        .isEqualTo(expected);
    assertThat(metadata("db").lock()).isNull();
  }

  @Test
  void aChangedNonceMeansTheLockIsGone() {
    Version ns = createNamespace("db");
    history(ns, 3);
    pages.acquireLock(ref("db"), "owner", null);
    List<Version> owners = history(ns, 3);
    LockRollback rollback = new LockRollback(ctx);
    LockRollback.Target target = rollback.mark(ref("db"), "owner");
    ctx.runner()
        .run(
            kv,
            tr -> {
              NamespaceMetadata md = ctx.metadata().get(tr, ns);
              NamespaceLock l = md.lock();
              ctx.metadata()
                  .put(
                      tr,
                      ns,
                      md.withLock(
                          new NamespaceLock(l.snapshotVersion(), l.owner(), "0".repeat(32), true)));
              return null;
            });
    List<Version> versions = pageVersions(ns);

    assertThatThrownBy(() -> rollback.deletePageVersions(target, 10))
        .isInstanceOfSatisfying(
            MvException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_GONE))
        .hasMessage("lock is gone");
    assertCode(() -> rollback.finish(target), ErrorCode.LOCK_GONE);
    assertThat(pageVersions(ns))
        .as("nothing was deleted")
        .isEqualTo(versions)
        .contains(owners.getLast());
  }

  @Test
  void aRollbackBelowAForkSnapshotIsRefused() {
    Version ns = createNamespace("db");
    List<Version> vs = history(ns, 4);
    pages.acquireLock(ref("db"), "owner", vs.get(1));
    Version written = commits.commit(ns, 0, page());
    // Forks of a locked namespace are refused and a lock below a fork is too, so only data written
    // by another
    // implementation can look like this: a fork whose snapshot is newer than the lock's.
    Version child = Version.of(written.commitVersion() + 1, 0);
    ctx.runner()
        .run(
            kv,
            tr -> {
              tr.set(keys.overlayRef(ns, child), vs.get(3).bytes());
              return null;
            });
    List<String> everything = Snapshots.keySpace(kv);

    assertThatThrownBy(() -> pages.releaseLock(ref("db"), "owner", LockReleaseMode.ROLLBACK))
        .isInstanceOfSatisfying(
            MvException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.NAMESPACE_HAS_CHILDREN))
        .hasMessage("rollback is before an overlay child snapshot");
    assertThat(Snapshots.keySpace(kv)).as("a refusal changes nothing").isEqualTo(everything);
  }

  @Test
  void stagedCommitsNewerThanTheSnapshotAreRemovedAndOlderOnesKept() {
    Version ns = createNamespace("db");
    history(ns, 3);
    byte[] older = IdempotencyKey.random().bytes();
    Version olderVs = commits.publishStaged(ns, older, Map.of(1, page(), 2, page()));
    Version snapshot = commits.commit(ns, 3, page());
    List<String> expected = Snapshots.pages(pages, ref("db"), snapshot, PAGES);
    pages.acquireLock(ref("db"), "owner", null);
    byte[] newer = IdempotencyKey.random().bytes();
    Version newerVs = commits.publishStaged(ns, newer, Map.of(1, page(), 4, page(), 5, page()));
    commits.mergeStagedEntries(ns, newerVs, newer);
    commits.commit(ns, 2, page());
    assertThat(metadata("db").stagedCommits()).isEqualTo(2);

    LockRollback rollback = new LockRollback(ctx);
    LockRollback.Target target = rollback.mark(ref("db"), "owner");
    assertThat(new StagedMerger(ctx).mergeAll(ns, olderVs, older, () -> false))
        .as("merges wait while a rollback runs")
        .isEqualTo(StagedMerger.Result.PAUSED);
    rollback.deletePageVersions(target, Integer.MAX_VALUE);
    rollback.deleteIdempotencyRecords(target);
    rollback.finish(target);

    assertThat(Snapshots.get(kv, keys.stagedCommit(ns, newerVs))).isNull();
    assertThat(Snapshots.keys(kv, keys.stagedEntriesRange(ns, newer))).isEmpty();
    assertThat(Snapshots.get(kv, keys.stagedCommit(ns, olderVs))).isEqualTo(older);
    assertThat(Snapshots.keys(kv, keys.stagedEntriesRange(ns, older))).hasSize(2);
    assertThat(metadata("db").stagedCommits()).isEqualTo(1);
    assertThat(Snapshots.get(kv, keys.stagedNamespace(ns))).isNotNull();
    assertThat(pageVersions(ns)).allMatch(v -> !v.isAfter(snapshot));
    assertThat(Snapshots.pages(pages, ref("db"), snapshot, PAGES))
        .as("seed %d", SEED)
        .isEqualTo(expected);

    assertThat(new StagedMerger(ctx).mergeAll(ns, newerVs, newer, () -> false))
        .isEqualTo(StagedMerger.Result.GONE);
    assertThat(new StagedMerger(ctx).mergeAll(ns, olderVs, older, () -> false))
        .isEqualTo(StagedMerger.Result.MERGED);
    assertThat(metadata("db").stagedCommits()).isZero();
    assertThat(Snapshots.get(kv, keys.stagedNamespace(ns))).isNull();
    assertThat(Snapshots.pages(pages, ref("db"), snapshot, PAGES))
        .as("merged, seed %d", SEED)
        .isEqualTo(expected);
  }

  @Test
  void rollingBackTheOnlyStagedCommitClearsTheMarker() {
    Version ns = createNamespace("db");
    Version snapshot = history(ns, 2).getLast();
    pages.acquireLock(ref("db"), "owner", null);
    commits.publishStaged(ns, IdempotencyKey.random().bytes(), Map.of(0, page()));
    pages.releaseLock(ref("db"), "owner", LockReleaseMode.ROLLBACK);
    assertThat(metadata("db").stagedCommits()).isZero();
    assertThat(Snapshots.get(kv, keys.stagedNamespace(ns))).isNull();
    assertThat(Snapshots.keys(kv, keys.stagedCommitRange(ns))).isEmpty();
    assertThat(pages.stat(ref("db"), null, null).version()).isEqualTo(snapshot);
  }
}
