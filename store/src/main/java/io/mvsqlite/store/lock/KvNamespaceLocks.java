package io.mvsqlite.store.lock;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.LockAcquireOutcome;
import io.mvsqlite.protocol.LockReleaseMode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.NamespaceMetadata.NamespaceLock;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.meta.NamespaceHead;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Namespace locks over the KV store (reference §10; docs/nslock.md). The lock lives in nsmd and
 * every transition goes through the metadata cache (read conflict on nsmd; writes bump the metadata
 * version), so nsmd is the one synchronization point between lock transitions, commits, {@code
 * /stat}, truncation, forks and the staged-commit merger.
 *
 * <ul>
 *   <li><b>Acquire</b>: the owner is 1..256 bytes of UTF-8 ({@link ErrorCode#INVALID_OWNER}). Held
 *       by the same owner &rArr; {@code Acquired(alreadyHeld = true)}, nothing changes (the version
 *       is ignored); by another &rArr; {@code HeldByOther}. The snapshot is the head (last-write
 *       version read with a read conflict, so a concurrent commit conflicts) or the requested
 *       version, which must not be newer than the head, older than the truncation watermark, or
 *       older than any fork's snapshot ({@link ErrorCode#LOCK_VERSION_INVALID}). The lock gets a
 *       fresh random nonce.
 *   <li><b>Release, commit mode</b>: the owner must hold the lock ({@link ErrorCode#LOCK_NOT_HELD})
 *       and no rollback may be in progress ({@link ErrorCode#ROLLBACK_IN_PROGRESS}); the lock is
 *       cleared, the writes stay.
 *   <li><b>Release, rollback mode</b>: {@link LockRollback}.
 * </ul>
 *
 * <p>Each operation runs through the retry runner (its transaction functions may run more than
 * once); a read-only store refuses with {@link ErrorCode#READ_ONLY}. Thread-safe.
 */
public final class KvNamespaceLocks implements NamespaceLocks {

  /** The longest owner accepted, in bytes of UTF-8 (the reference's limit). */
  public static final int MAX_OWNER_BYTES = 256;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final StoreContext ctx;
  private final LockRollback rollback;

  public KvNamespaceLocks(StoreContext ctx) {
    this.ctx = ctx;
    this.rollback = new LockRollback(ctx);
  }

  @Override
  public LockAcquireOutcome acquire(NamespaceRef ref, String owner, Version version) {
    checkWritable();
    if (owner == null
        || owner.isEmpty()
        || owner.getBytes(StandardCharsets.UTF_8).length > MAX_OWNER_BYTES) {
      throw new MvException(
          ErrorCode.INVALID_OWNER, "invalid owner: it must be 1 to 256 bytes of UTF-8");
    }
    return ctx.runner()
        .run(
            ctx.kv(),
            tr -> {
              Version ns = ctx.directory().resolve(tr, ref);
              NamespaceMetadata md = ctx.metadata().get(tr, ns);
              NamespaceLock held = md.lock();
              if (held != null) {
                return held.owner().equals(owner)
                    ? new LockAcquireOutcome.Acquired(true)
                    : new LockAcquireOutcome.HeldByOther(held.owner());
              }
              Version head = NamespaceHead.read(tr, ctx.keys(), ns);
              Version snapshot = head;
              if (version != null) {
                if (version.isAfter(head)) {
                  throw invalidVersion("lock version is newer than namespace head");
                }
                if (md.truncatedBefore() != null && version.isBefore(md.truncatedBefore())) {
                  throw invalidVersion("lock version is before truncation watermark");
                }
                Version child = OverlayChildren.minSnapshot(tr, ctx.keys(), ns);
                if (child != null && version.isBefore(child)) {
                  throw invalidVersion("lock version is before an overlay child snapshot");
                }
                snapshot = version;
              }
              ctx.metadata()
                  .put(tr, ns, md.withLock(new NamespaceLock(snapshot, owner, newNonce(), false)));
              return new LockAcquireOutcome.Acquired(false);
            });
  }

  @Override
  public void release(NamespaceRef ref, String owner, LockReleaseMode mode) {
    checkWritable();
    if (owner == null || owner.isEmpty()) {
      throw new MvException(ErrorCode.INVALID_OWNER, "invalid owner: it must not be empty");
    }
    if (mode == null) {
      throw new MvException(ErrorCode.MALFORMED_REQUEST, "mode must be \"commit\" or \"rollback\"");
    }
    switch (mode) {
      case COMMIT -> releaseKeepingWrites(ref, owner);
      case ROLLBACK -> rollback.run(ref, owner);
    }
  }

  private void releaseKeepingWrites(NamespaceRef ref, String owner) {
    ctx.runner()
        .run(
            ctx.kv(),
            tr -> {
              Version ns = ctx.directory().resolve(tr, ref);
              NamespaceMetadata md = ctx.metadata().get(tr, ns);
              NamespaceLock lock = heldBy(md, owner);
              if (lock.rollingBack()) {
                throw new MvException(
                    ErrorCode.ROLLBACK_IN_PROGRESS, "rollback already in progress");
              }
              ctx.metadata().put(tr, ns, md.withLock(null));
              return null;
            });
  }

  /**
   * The lock of {@code md}, which {@code owner} must hold.
   *
   * @throws MvException {@link ErrorCode#LOCK_NOT_HELD} when the namespace is not locked or locked
   *     by another owner
   */
  static NamespaceLock heldBy(NamespaceMetadata md, String owner) {
    NamespaceLock lock = md.lock();
    if (lock == null) {
      throw new MvException(ErrorCode.LOCK_NOT_HELD, "namespace is not locked");
    }
    if (!lock.owner().equals(owner)) {
      throw new MvException(ErrorCode.LOCK_NOT_HELD, "namespace is locked by another owner");
    }
    return lock;
  }

  private static MvException invalidVersion(String message) {
    return new MvException(ErrorCode.LOCK_VERSION_INVALID, message);
  }

  private static String newNonce() {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    return Bytes.hex(nonce);
  }

  private void checkWritable() {
    if (ctx.config().readOnly()) {
      throw new MvException(ErrorCode.READ_ONLY, "this mvstore is a read-only replica");
    }
  }
}
