package io.mvsqlite.protocol;

import java.util.List;

/**
 * A {@link PageStore} that forwards every call to {@link #delegate()}: the base of wrappers that
 * change a few calls (fault injection, timing, tests that break one behaviour). Thread-safe if the
 * delegate is.
 */
public class ForwardingPageStore implements PageStore {

  private final PageStore delegate;

  /**
   * @param delegate where calls go; {@code null} only for subclasses that override {@link
   *     #delegate()}
   */
  public ForwardingPageStore(PageStore delegate) {
    this.delegate = delegate;
  }

  /** The store calls are forwarded to. */
  protected PageStore delegate() {
    return delegate;
  }

  @Override
  public StatResult stat(NamespaceRef ns, Version fromVersion, String lockOwner) {
    return delegate().stat(ns, fromVersion, lockOwner);
  }

  @Override
  public List<StatResult> statGroup(List<StatQuery> queries) {
    return delegate().statGroup(queries);
  }

  @Override
  public List<PageData> read(NamespaceRef ns, List<PageRead> reads) {
    return delegate().read(ns, reads);
  }

  @Override
  public List<PageHash> write(NamespaceRef ns, List<PageWrite> writes, LeaseId lease) {
    return delegate().write(ns, writes, lease);
  }

  @Override
  public void renewLease(NamespaceRef ns, LeaseId lease) {
    delegate().renewLease(ns, lease);
  }

  @Override
  public CommitOutcome commit(CommitRequest request) {
    return delegate().commit(request);
  }

  @Override
  public Time2VersionResult time2version(long unixSeconds) {
    return delegate().time2version(unixSeconds);
  }

  @Override
  public LockAcquireOutcome acquireLock(NamespaceRef ns, String owner, Version version) {
    return delegate().acquireLock(ns, owner, version);
  }

  @Override
  public void releaseLock(NamespaceRef ns, String owner, LockReleaseMode mode) {
    delegate().releaseLock(ns, owner, mode);
  }
}
