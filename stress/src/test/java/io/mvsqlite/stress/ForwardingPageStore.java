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

/** A {@link PageStore} that forwards everything; tests override what they break. */
class ForwardingPageStore implements PageStore {

  protected final PageStore delegate;

  ForwardingPageStore(PageStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public StatResult stat(NamespaceRef ns, Version fromVersion, String lockOwner) {
    return delegate.stat(ns, fromVersion, lockOwner);
  }

  @Override
  public List<StatResult> statGroup(List<StatQuery> queries) {
    return delegate.statGroup(queries);
  }

  @Override
  public List<PageData> read(NamespaceRef ns, List<PageRead> reads) {
    return delegate.read(ns, reads);
  }

  @Override
  public List<PageHash> write(NamespaceRef ns, List<PageWrite> writes, LeaseId lease) {
    return delegate.write(ns, writes, lease);
  }

  @Override
  public void renewLease(NamespaceRef ns, LeaseId lease) {
    delegate.renewLease(ns, lease);
  }

  @Override
  public CommitOutcome commit(CommitRequest request) {
    return delegate.commit(request);
  }

  @Override
  public Time2VersionResult time2version(long unixSeconds) {
    return delegate.time2version(unixSeconds);
  }

  @Override
  public LockAcquireOutcome acquireLock(NamespaceRef ns, String owner, Version version) {
    return delegate.acquireLock(ns, owner, version);
  }

  @Override
  public void releaseLock(NamespaceRef ns, String owner, LockReleaseMode mode) {
    delegate.releaseLock(ns, owner, mode);
  }
}
