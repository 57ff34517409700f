package io.mvsqlite.store.read;

import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.TransactionOption;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.StatQuery;
import io.mvsqlite.protocol.StatResult;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.meta.MetadataCache;
import io.mvsqlite.store.meta.NamespaceDirectory;
import io.mvsqlite.store.meta.NamespaceHead;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /stat} (reference §3.1): the version a new transaction reads at, and the pages changed
 * since the client's last known version. One KV transaction, a single attempt.
 *
 * <p>Lock rules: while the namespace is locked, a client naming no owner reads the lock's frozen
 * snapshot; the owner reads the live head, unless a rollback is in progress; anyone else claiming
 * ownership, or claiming it while no lock is held, gets {@link ErrorCode#LOCK_GONE}. Otherwise the
 * version is the head (last-write version, or the namespace id before the first commit).
 * Thread-safe.
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
   * @param lockOwner the namespace-lock owner the client claims to be, or {@code null} / empty for
   *     none
   */
  public StatResult stat(NamespaceRef ref, Version fromVersion, String lockOwner) {
    try (KvTransaction tr = begin()) {
      return stat(tr, ref, fromVersion, lockOwner);
    }
  }

  /**
   * Several namespaces in <b>one</b> KV transaction, so every answer is read at the same read
   * version: the state of all of them at one moment (the shared snapshot of a serializable commit
   * group, docs/commit-groups.md). Each answer follows the rules of {@link #stat}.
   *
   * @throws MvException {@link ErrorCode#NUM_NAMESPACES_OUT_OF_BOUND} for none or more than {@link
   *     Limits#MAX_NAMESPACES_PER_COMMIT}, {@link ErrorCode#NAMESPACE_NOT_DISTINCT} if a namespace
   *     key repeats
   */
  public List<StatResult> statGroup(List<StatQuery> queries) {
    if (queries.isEmpty() || queries.size() > Limits.MAX_NAMESPACES_PER_COMMIT) {
      throw new MvException(
          ErrorCode.NUM_NAMESPACES_OUT_OF_BOUND,
          "a shared-snapshot stat names 1 to "
              + Limits.MAX_NAMESPACES_PER_COMMIT
              + " namespaces, got "
              + queries.size());
    }
    Set<String> seen = new HashSet<>();
    for (StatQuery q : queries) {
      if (!seen.add(q.ns().key())) {
        throw new MvException(
            ErrorCode.NAMESPACE_NOT_DISTINCT,
            "namespace '" + q.ns().key() + "' appears twice in a shared-snapshot stat");
      }
    }
    try (KvTransaction tr = begin()) {
      List<StatResult> out = new ArrayList<>(queries.size());
      for (StatQuery q : queries) {
        out.add(stat(tr, q.ns(), q.fromVersion(), q.lockOwner()));
      }
      return out;
    }
  }

  private KvTransaction begin() {
    KvTransaction tr = kv.createTransaction();
    if (readOnly) {
      tr.setOption(TransactionOption.READ_LOCK_AWARE);
    }
    return tr;
  }

  private StatResult stat(
      KvTransaction tr, NamespaceRef ref, Version fromVersion, String lockOwner) {
    boolean claimsOwner = lockOwner != null && !lockOwner.isEmpty();
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
