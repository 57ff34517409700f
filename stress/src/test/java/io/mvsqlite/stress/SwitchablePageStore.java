package io.mvsqlite.stress;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.LockAcquireOutcome;
import io.mvsqlite.protocol.LockReleaseMode;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.StatQuery;
import io.mvsqlite.protocol.StatResult;
import io.mvsqlite.protocol.Time2VersionResult;
import io.mvsqlite.protocol.Version;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link PageStore} whose target can be swapped (a restarted server listens on new ports): each
 * call goes to the current target. Calls to a dead server fail as network errors, which the
 * retrying layer above retries until the new one is switched in. Thread-safe.
 */
final class SwitchablePageStore implements PageStore {

  private final AtomicReference<PageStore> current;

  SwitchablePageStore(PageStore initial) {
    this.current = new AtomicReference<>(initial);
  }

  void switchTo(PageStore next) {
    current.set(next);
  }

  @Override
  public StatResult stat(NamespaceRef ns, Version fromVersion, String lockOwner) {
    return current.get().stat(ns, fromVersion, lockOwner);
  }

  @Override
  public List<StatResult> statGroup(List<StatQuery> queries) {
    return current.get().statGroup(queries);
  }

  @Override
  public List<PageData> read(NamespaceRef ns, List<PageRead> reads) {
    return current.get().read(ns, reads);
  }

  @Override
  public List<PageHash> write(NamespaceRef ns, List<PageWrite> writes, LeaseId lease) {
    return current.get().write(ns, writes, lease);
  }

  @Override
  public void renewLease(NamespaceRef ns, LeaseId lease) {
    current.get().renewLease(ns, lease);
  }

  @Override
  public CommitOutcome commit(CommitRequest request) {
    return current.get().commit(request);
  }

  @Override
  public Time2VersionResult time2version(long unixSeconds) {
    return current.get().time2version(unixSeconds);
  }

  @Override
  public LockAcquireOutcome acquireLock(NamespaceRef ns, String owner, Version version) {
    return current.get().acquireLock(ns, owner, version);
  }

  @Override
  public void releaseLock(NamespaceRef ns, String owner, LockReleaseMode mode) {
    current.get().releaseLock(ns, owner, mode);
  }
}
