package io.mvsqlite.store.read;

import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.TransactionOption;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.StatResult;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.meta.MetadataCache;
import io.mvsqlite.store.meta.NamespaceDirectory;
import io.mvsqlite.store.meta.NamespaceHead;

/**
 * {@code /stat} (reference §3.1): the version a new transaction reads at, and the pages changed since the client's
 * last known version. One KV transaction, a single attempt.
 *
 * <p>Lock rules: while the namespace is locked, a client naming no owner reads the lock's frozen snapshot; the owner
 * reads the live head, unless a rollback is in progress; anyone else claiming ownership, or claiming it while no lock
 * is held, gets {@link ErrorCode#LOCK_GONE}. Otherwise the version is the head (last-write version, or the namespace
 * id before the first commit). Thread-safe.
 */
public final class StatReader {

  private final KvStore kv;
  private final KeyCodec keys;
  private final NamespaceDirectory directory;
  private final MetadataCache metadata;
  private final IntervalReader intervals;
  private final boolean readOnly;

  public StatReader(
      KvStore kv,
      KeyCodec keys,
      NamespaceDirectory directory,
      MetadataCache metadata,
      IntervalReader intervals,
      boolean readOnly) {
    this.kv = kv;
    this.keys = keys;
    this.directory = directory;
    this.metadata = metadata;
    this.intervals = intervals;
    this.readOnly = readOnly;
  }

  /**
   * @param fromVersion the client's last known version, or {@code null}
   * @param lockOwner the namespace-lock owner the client claims to be, or {@code null} / empty for none
   */
  public StatResult stat(NamespaceRef ref, Version fromVersion, String lockOwner) {
    boolean claimsOwner = lockOwner != null && !lockOwner.isEmpty();
    try (KvTransaction tr = kv.createTransaction()) {
      if (readOnly) {
        tr.setOption(TransactionOption.READ_LOCK_AWARE);
      }
      Version ns = directory.resolve(tr, ref);
      NamespaceMetadata md = metadata.get(tr, ns);
      NamespaceMetadata.NamespaceLock lock = md.lock();
      Version version;
      if (lock != null && !claimsOwner) {
        version = lock.snapshotVersion();
      } else {
        if (lock != null && !lock.owner().equals(lockOwner)) {
          throw new MvException(ErrorCode.LOCK_GONE, "you no longer own the lock");
        }
        if (lock != null && lock.rollingBack()) {
          throw new MvException(ErrorCode.LOCK_GONE, "the namespace is rolling back");
        }
        if (lock == null && claimsOwner) {
          throw new MvException(ErrorCode.LOCK_GONE, "you do not own the lock");
        }
        version = NamespaceHead.read(tr.snapshot(), keys, ns);
      }
      int[] interval =
          fromVersion == null ? null : intervals.read(tr.snapshot(), ns, fromVersion, version, true);
      return new StatResult(version, readOnly, interval);
    }
  }
}
