package io.mvsqlite.store.lock;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.NamespaceMetadata.NamespaceLock;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.keys.KeyCodec;
import java.util.List;

/**
 * Releasing a namespace lock in rollback mode (reference §10; docs/nslock.md): the namespace
 * returns to the lock's snapshot. It runs in many short transactions, so it can be interrupted
 * anywhere and resumed by releasing again.
 *
 * <ol>
 *   <li><b>Mark</b> (one transaction): the owner must hold the lock; unless already rolling back,
 *       the snapshot must not be older than any fork's snapshot ({@link
 *       ErrorCode#NAMESPACE_HAS_CHILDREN}: the forks read the base at their snapshot), then {@code
 *       rolling_back = true} and the rollback cursor is cleared. From now on the owner's commits
 *       and {@code /stat} get {@link ErrorCode#LOCK_GONE}, and the staged-commit merger stops (it
 *       checks the flag with a read conflict on nsmd).
 *   <li><b>Delete</b>, batches of {@code nslockRollbackScanBatchSize} page-index keys from the
 *       cursor: each batch checks the lock's nonce (read conflict on nsmd; a different nonce means
 *       the lock was released and taken again: {@link ErrorCode#LOCK_GONE}), clears the page
 *       versions newer than the snapshot and raises the cursor ({@code u32} little-endian, atomic
 *       MAX) to the page of its last key. Then the idempotency records of commits newer than the
 *       snapshot go the same way, so a retry of a rolled-back commit is judged afresh instead of
 *       being answered "committed".
 *   <li><b>Finish</b> (one transaction, nonce checked): last-write version = {@code 00×16 ||
 *       snapshot} (a plain set), changelog entries newer than the snapshot cleared, published
 *       staged commits ({@code b}) newer than the snapshot removed with their staged entries,
 *       {@code staged_commits} recomputed from the {@code b} records that remain (the {@code
 *       stagedns} marker cleared when none do), the lock and the cursor cleared.
 * </ol>
 *
 * <p>Contents are left for content GC. Thread-safe (no state of its own).
 */
final class LockRollback {

  /** A marked rollback: the namespace, the lock's nonce and the snapshot to return to. */
  record Target(Version ns, String nonce, Version snapshot) {}

  private final StoreContext ctx;
  private final KeyCodec keys;

  LockRollback(StoreContext ctx) {
    this.ctx = ctx;
    this.keys = ctx.keys();
  }

  /** The whole rollback: mark (or resume), delete, finish. */
  void run(NamespaceRef ref, String owner) {
    Target target = mark(ref, owner);
    deletePageVersions(target, Integer.MAX_VALUE);
    deleteIdempotencyRecords(target);
    finish(target);
  }

  /**
   * Marks the lock as rolling back, or, if it already is, returns the rollback in progress to
   * resume it.
   */
  Target mark(NamespaceRef ref, String owner) {
    return ctx.runner()
        .run(
            ctx.kv(),
            tr -> {
              Version ns = ctx.directory().resolve(tr, ref);
              NamespaceMetadata md = ctx.metadata().get(tr, ns);
              NamespaceLock lock = KvNamespaceLocks.heldBy(md, owner);
              if (!lock.rollingBack()) {
                Version child = OverlayChildren.minSnapshot(tr, keys, ns);
                if (child != null && lock.snapshotVersion().isBefore(child)) {
                  throw new MvException(
                      ErrorCode.NAMESPACE_HAS_CHILDREN,
                      "rollback is before an overlay child snapshot");
                }
                ctx.metadata().put(tr, ns, md.withLock(lock.withRollingBack(true)));
                tr.clear(keys.rollbackCursor(ns));
              }
              return new Target(ns, lock.nonce(), lock.snapshotVersion());
            });
  }

  private record Batch(int size, byte[] lastKey) {}

  /**
   * Deletes page versions newer than the snapshot, from the persisted cursor on, for at most {@code
   * maxBatches} batches.
   *
   * @return true when the whole page index was scanned
   */
  boolean deletePageVersions(Target t, int maxBatches) {
    int limit = ctx.config().nslockRollbackScanBatchSize();
    byte[] cursorKey = keys.rollbackCursor(t.ns());
    int page =
        ctx.runner()
            .run(ctx.kv(), tr -> KeyCodec.decodeRollbackCursor(tr.snapshot().get(cursorKey)));
    byte[] scan = keys.page(t.ns(), page, Version.ZERO);
    byte[] end = keys.pageIndexRange(t.ns())[1];
    for (int i = 0; i < maxBatches; i++) {
      byte[] from = scan;
      Batch batch =
          ctx.runner()
              .run(
                  ctx.kv(),
                  tr -> {
                    checkNonce(tr, t);
                    // Snapshot reads: the nonce check's read conflict on nsmd is what fences this
                    // batch.
                    List<KeyValue> kvs = tr.snapshot().getRange(from, end, limit, false);
                    for (KeyValue e : kvs) {
                      if (keys.decodePage(e.key()).version().isAfter(t.snapshot())) {
                        tr.clear(e.key());
                      }
                    }
                    if (kvs.isEmpty()) {
                      return new Batch(0, null);
                    }
                    int lastPage = keys.decodePage(kvs.getLast().key()).pageIndex();
                    tr.mutate(MutationType.MAX, cursorKey, KeyCodec.rollbackCursorValue(lastPage));
                    return new Batch(kvs.size(), kvs.getLast().key());
                  });
      if (batch.size() < limit) {
        return true;
      }
      scan = Bytes.keyAfter(batch.lastKey());
    }
    return false;
  }

  /**
   * Deletes the idempotency records of commits newer than the snapshot. Idempotent, so it simply
   * starts over.
   */
  void deleteIdempotencyRecords(Target t) {
    int limit = ctx.config().nslockRollbackScanBatchSize();
    byte[][] range = keys.idempotencyRange(t.ns());
    byte[] scan = range[0];
    while (true) {
      byte[] from = scan;
      Batch batch =
          ctx.runner()
              .run(
                  ctx.kv(),
                  tr -> {
                    checkNonce(tr, t);
                    List<KeyValue> kvs = tr.snapshot().getRange(from, range[1], limit, false);
                    for (KeyValue e : kvs) {
                      if (e.value().length == Version.LENGTH
                          && KeyCodec.decodeIdempotencyVersion(e.value()).isAfter(t.snapshot())) {
                        tr.clear(e.key());
                      }
                    }
                    return new Batch(kvs.size(), kvs.isEmpty() ? null : kvs.getLast().key());
                  });
      if (batch.size() < limit) {
        return;
      }
      scan = Bytes.keyAfter(batch.lastKey());
    }
  }

  /**
   * Resets the head to the snapshot, removes newer changelog entries and staged commits, and clears
   * the lock.
   */
  void finish(Target t) {
    ctx.runner()
        .run(
            ctx.kv(),
            tr -> {
              NamespaceMetadata md = checkNonce(tr, t);
              Version ns = t.ns();
              tr.set(
                  keys.lastWriteVersion(ns), KeyCodec.lastWriteVersionAfterRollback(t.snapshot()));
              tr.clearRange(
                  Bytes.keyAfter(keys.changelog(ns, t.snapshot())),
                  Bytes.strinc(keys.changelogPrefix(ns)));
              int remaining = 0;
              byte[][] staged = keys.stagedCommitRange(ns);
              // With a read conflict: a merger finishing one of them concurrently makes this
              // transaction retry.
              for (KeyValue b : tr.getRange(staged[0], staged[1])) {
                if (keys.decodeStagedCommitVersion(b.key()).isAfter(t.snapshot())) {
                  byte[][] entries = keys.stagedEntriesRange(ns, b.value());
                  tr.clear(b.key());
                  tr.clearRange(entries[0], entries[1]);
                } else {
                  remaining++;
                }
              }
              if (remaining == 0) {
                tr.clear(keys.stagedNamespace(ns));
              }
              tr.clear(keys.rollbackCursor(ns));
              ctx.metadata().put(tr, ns, md.withLock(null).withStagedCommits(remaining));
              return null;
            });
  }

  /** The metadata, if the lock still carries the rollback's nonce. */
  private NamespaceMetadata checkNonce(KvTransaction tr, Target t) {
    NamespaceMetadata md = ctx.metadata().get(tr, t.ns());
    NamespaceLock lock = md.lock();
    if (lock == null || !lock.nonce().equals(t.nonce())) {
      throw new MvException(ErrorCode.LOCK_GONE, "lock is gone");
    }
    return md;
  }
}
