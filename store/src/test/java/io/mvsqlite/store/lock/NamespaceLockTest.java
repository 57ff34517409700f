package io.mvsqlite.store.lock;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.LockAcquireOutcome;
import io.mvsqlite.protocol.LockReleaseMode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.NamespaceMetadata.NamespaceLock;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.MvStore;
import io.mvsqlite.store.Snapshots;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.content.PageHasher;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Acquiring and releasing namespace locks (reference §10, docs/nslock.md), and what readers see
 * meanwhile.
 */
class NamespaceLockTest extends StoreFixture {

  private static final LockAcquireOutcome ACQUIRED = new LockAcquireOutcome.Acquired(false);
  private static final LockAcquireOutcome ALREADY_HELD = new LockAcquireOutcome.Acquired(true);

  private NamespaceLock lockOf(String key) {
    return admin.stat(key).metadata().lock();
  }

  private static void assertRefused(Runnable call, ErrorCode code, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(MvException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessage(message);
  }

  @Test
  void acquireReacquireAndHeldByOther() {
    Version ns = createNamespace("db");
    Version head = commits.commit(ns, 0, new byte[] {1});

    assertThat(pages.acquireLock(ref("db"), "alice", null)).isEqualTo(ACQUIRED);
    NamespaceLock lock = lockOf("db");
    assertThat(lock.owner()).isEqualTo("alice");
    assertThat(lock.snapshotVersion()).as("no version: the head").isEqualTo(head);
    assertThat(lock.nonce()).hasSize(32).matches("[0-9a-f]+");
    assertThat(lock.rollingBack()).isFalse();

    assertThat(pages.acquireLock(ref("db"), "alice", ns))
        .as("the version is ignored")
        .isEqualTo(ALREADY_HELD);
    assertThat(lockOf("db")).isEqualTo(lock);
    assertThat(pages.acquireLock(ref("db"), "bob", null))
        .isEqualTo(new LockAcquireOutcome.HeldByOther("alice"));
    assertThat(lockOf("db")).isEqualTo(lock);
  }

  @Test
  void ownersMustBeOneTo256BytesOfUtf8() {
    createNamespace("db");
    assertCode(() -> pages.acquireLock(ref("db"), "", null), ErrorCode.INVALID_OWNER);
    assertCode(() -> pages.acquireLock(ref("db"), null, null), ErrorCode.INVALID_OWNER);
    assertCode(() -> pages.acquireLock(ref("db"), "é".repeat(129), null), ErrorCode.INVALID_OWNER);
    assertThat(lockOf("db")).isNull();
    assertThat(pages.acquireLock(ref("db"), "x".repeat(256), null)).isEqualTo(ACQUIRED);
    assertCode(
        () -> pages.releaseLock(ref("db"), "", LockReleaseMode.COMMIT), ErrorCode.INVALID_OWNER);
  }

  @Test
  void anExplicitVersionMustLieBetweenTheWatermarkForksAndTheHead() {
    Version ns = createNamespace("db");
    Version v1 = commits.commit(ns, 0, new byte[] {1});
    Version v2 = commits.commit(ns, 0, new byte[] {2});
    Version v3 = commits.commit(ns, 0, new byte[] {3});
    Version v4 = commits.commit(ns, 0, new byte[] {4});

    assertRefused(
        () -> pages.acquireLock(ref("db"), "a", Version.of(v4.commitVersion() + 1, 0)),
        ErrorCode.LOCK_VERSION_INVALID,
        "lock version is newer than namespace head");
    admin.truncate("db", v2, true, n -> {});
    assertRefused(
        () -> pages.acquireLock(ref("db"), "a", v1),
        ErrorCode.LOCK_VERSION_INVALID,
        "lock version is before truncation watermark");
    admin.fork("db", v3, "child");
    assertRefused(
        () -> pages.acquireLock(ref("db"), "a", v2),
        ErrorCode.LOCK_VERSION_INVALID,
        "lock version is before an overlay child snapshot");
    assertThat(lockOf("db")).isNull();
    assertThat(pages.acquireLock(ref("db"), "a", v3)).isEqualTo(ACQUIRED);
    assertThat(lockOf("db").snapshotVersion()).isEqualTo(v3);
  }

  @Test
  void readersWithoutTheOwnerSeeTheFrozenSnapshotWhileTheOwnerWrites() {
    Version ns = createNamespace("db");
    Version before = commits.commit(ns, 0, new byte[] {1});
    List<String> frozen = Snapshots.pages(pages, ref("db"), before, 2);
    pages.acquireLock(ref("db"), "owner", null);

    Version written = commits.commit(ns, 0, new byte[] {2});

    assertThat(pages.stat(ref("db"), null, null).version()).isEqualTo(before);
    assertThat(Snapshots.pages(pages, ref("db"), pages.stat(ref("db"), null, null).version(), 2))
        .isEqualTo(frozen);
    assertThat(pages.stat(ref("db"), null, "owner").version()).isEqualTo(written);
    assertCode(() -> pages.stat(ref("db"), null, "intruder"), ErrorCode.LOCK_GONE);

    pages.releaseLock(ref("db"), "owner", LockReleaseMode.COMMIT);
    assertThat(pages.stat(ref("db"), null, null).version())
        .as("released: everyone sees the head")
        .isEqualTo(written);
    assertCode(() -> pages.stat(ref("db"), null, "owner"), ErrorCode.LOCK_GONE);
  }

  @Test
  void releaseInCommitModeKeepsTheWritesAndChecksTheOwner() {
    Version ns = createNamespace("db");
    commits.commit(ns, 0, new byte[] {1});
    assertRefused(
        () -> pages.releaseLock(ref("db"), "owner", LockReleaseMode.COMMIT),
        ErrorCode.LOCK_NOT_HELD,
        "namespace is not locked");
    pages.acquireLock(ref("db"), "owner", null);
    Version written = commits.commit(ns, 1, new byte[] {2});
    assertRefused(
        () -> pages.releaseLock(ref("db"), "other", LockReleaseMode.COMMIT),
        ErrorCode.LOCK_NOT_HELD,
        "namespace is locked by another owner");
    assertRefused(
        () -> pages.releaseLock(ref("db"), "other", LockReleaseMode.ROLLBACK),
        ErrorCode.LOCK_NOT_HELD,
        "namespace is locked by another owner");

    pages.releaseLock(ref("db"), "owner", LockReleaseMode.COMMIT);

    assertThat(lockOf("db")).isNull();
    assertThat(pages.stat(ref("db"), null, null).version()).isEqualTo(written);
    assertThat(pages.acquireLock(ref("db"), "other", null)).isEqualTo(ACQUIRED);
  }

  @Test
  void aCommitReleaseDuringARollbackIsRefused() {
    Version ns = createNamespace("db");
    commits.commit(ns, 0, new byte[] {1});
    pages.acquireLock(ref("db"), "owner", null);
    new LockRollback(ctx).mark(ref("db"), "owner");
    assertRefused(
        () -> pages.releaseLock(ref("db"), "owner", LockReleaseMode.COMMIT),
        ErrorCode.ROLLBACK_IN_PROGRESS,
        "rollback already in progress");
    assertCode(() -> pages.stat(ref("db"), null, "owner"), ErrorCode.LOCK_GONE);
    assertThat(lockOf("db").rollingBack()).isTrue();
  }

  private CommitOutcome commitPage(String owner, Version base, int page, byte[] data) {
    PageCommit entry = new PageCommit(page, PageHasher.hash(data), data);
    CommitRequest r =
        new CommitRequest(
            IdempotencyKey.random(),
            true,
            owner,
            null,
            false,
            List.of(new NamespaceCommit(ref("db"), base, null, List.of(entry))));
    return pages.commit(r);
  }

  @Test
  void onlyTheOwnerCommitsWhileLockedAndOthersConflict() {
    Version ns = createNamespace("db");
    commits.commit(ns, 0, new byte[] {1});
    pages.acquireLock(ref("db"), "owner", null);
    Version frozen = pages.stat(ref("db"), null, null).version();

    assertThat(commitPage(null, frozen, 1, new byte[] {2}))
        .isInstanceOf(CommitOutcome.Conflict.class);
    assertCode(() -> commitPage("intruder", frozen, 1, new byte[] {2}), ErrorCode.LOCK_GONE);
    CommitOutcome mine =
        commitPage("owner", pages.stat(ref("db"), null, "owner").version(), 1, new byte[] {3});

    assertThat(mine).isInstanceOf(CommitOutcome.Committed.class);
    Version written = ((CommitOutcome.Committed) mine).version();
    assertThat(pages.stat(ref("db"), null, null).version())
        .as("others still see the snapshot")
        .isEqualTo(frozen);
    assertThat(pages.stat(ref("db"), null, "owner").version()).isEqualTo(written);
    pages.releaseLock(ref("db"), "owner", LockReleaseMode.COMMIT);
    assertCode(() -> commitPage("owner", written, 1, new byte[] {4}), ErrorCode.LOCK_GONE);
    assertThat(commitPage(null, written, 1, new byte[] {4}))
        .isInstanceOf(CommitOutcome.Committed.class);
  }

  @Test
  void afterARollbackCommitsBasedOnTheUndoneHeadConflictAndOnTheSnapshotLand() {
    Version ns = createNamespace("db");
    Version snapshot = commits.commit(ns, 0, new byte[] {1});
    pages.acquireLock(ref("db"), "owner", null);
    CommitOutcome undone = commitPage("owner", snapshot, 0, new byte[] {2});
    Version undoneHead = ((CommitOutcome.Committed) undone).version();

    pages.releaseLock(ref("db"), "owner", LockReleaseMode.ROLLBACK);

    assertThat(pages.stat(ref("db"), null, null).version()).isEqualTo(snapshot);
    assertThat(commitPage(null, undoneHead, 0, new byte[] {3}))
        .isInstanceOf(CommitOutcome.Conflict.class);
    assertThat(commitPage(null, snapshot, 0, new byte[] {4}))
        .isInstanceOf(CommitOutcome.Committed.class);
  }

  @Test
  void aReadOnlyStoreRefusesLocks() {
    createNamespace("db");
    MvStore replica = openEngine(c -> c.withReadOnly(true));
    assertCode(() -> replica.pageStore().acquireLock(ref("db"), "a", null), ErrorCode.READ_ONLY);
    assertCode(
        () -> replica.pageStore().releaseLock(ref("db"), "a", LockReleaseMode.COMMIT),
        ErrorCode.READ_ONLY);
  }

  @Test
  void unknownNamespacesAreNotFound() {
    assertCode(() -> pages.acquireLock(ref("nope"), "a", null), ErrorCode.NAMESPACE_NOT_FOUND);
    assertCode(
        () -> pages.releaseLock(ref("nope"), "a", LockReleaseMode.ROLLBACK),
        ErrorCode.NAMESPACE_NOT_FOUND);
  }
}
