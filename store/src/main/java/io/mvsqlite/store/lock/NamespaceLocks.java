package io.mvsqlite.store.lock;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.LockAcquireOutcome;
import io.mvsqlite.protocol.LockReleaseMode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.Version;

/**
 * Namespace locks and rollback (reference §10, {@code /nslock/acquire} and {@code
 * /nslock/release}). The facade's {@code PageStore.acquireLock} / {@code releaseLock} delegate
 * here.
 *
 * <p>Contract: lock state lives in nsmd and every transition goes through {@code MetadataCache.put}
 * (which bumps the metadata version); failures are {@link MvException}s. Implementations are
 * thread-safe and are built from the engine's {@code StoreContext}.
 */
public interface NamespaceLocks {

  /**
   * @param version the snapshot to lock at, or {@code null} for the head
   */
  LockAcquireOutcome acquire(NamespaceRef ns, String owner, Version version);

  void release(NamespaceRef ns, String owner, LockReleaseMode mode);

  /**
   * The placeholder until namespace locks exist: every call fails with {@link ErrorCode#INTERNAL}.
   */
  static NamespaceLocks notImplemented() {
    return new NamespaceLocks() {
      @Override
      public LockAcquireOutcome acquire(NamespaceRef ns, String owner, Version version) {
        throw new MvException(ErrorCode.INTERNAL, "nslock acquire: not yet implemented");
      }

      @Override
      public void release(NamespaceRef ns, String owner, LockReleaseMode mode) {
        throw new MvException(ErrorCode.INTERNAL, "nslock release: not yet implemented");
      }
    };
  }
}
