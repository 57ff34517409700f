package io.mvsqlite.client.transport;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.LockAcquireOutcome;
import io.mvsqlite.protocol.LockReleaseMode;
import io.mvsqlite.protocol.NamespaceAdmin;
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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * "Direct mode": the data plane of an engine running in this process ({@code MvStore.pageStore()}),
 * without HTTP. A handle from {@link DirectStores#acquire}; {@link #close()} gives it back (the
 * last handle closes the store). Calls are single attempts like every {@link PageStore}; failures
 * are already {@code MvException}s.
 *
 * <p>Thread-safe. Using a handle after closing it is a bug and fails with {@link
 * IllegalStateException}.
 */
public final class DirectPageStore implements PageStore, AutoCloseable {

  private final DirectStores.Shared shared;
  private final AtomicBoolean closed = new AtomicBoolean();

  DirectPageStore(DirectStores.Shared shared) {
    this.shared = shared;
  }

  private PageStore engine() {
    if (closed.get()) {
      throw new IllegalStateException("this direct-mode handle is closed");
    }
    return shared.engine.pageStore();
  }

  /** The engine's namespace admin API (create, fork, truncate, ...). */
  public NamespaceAdmin admin() {
    if (closed.get()) {
      throw new IllegalStateException("this direct-mode handle is closed");
    }
    return shared.engine.admin();
  }

  @Override
  public StatResult stat(NamespaceRef ns, Version fromVersion, String lockOwner) {
    return engine().stat(ns, fromVersion, lockOwner);
  }

  @Override
  public List<StatResult> statGroup(List<StatQuery> queries) {
    return engine().statGroup(queries);
  }

  @Override
  public List<PageData> read(NamespaceRef ns, List<PageRead> reads) {
    return engine().read(ns, reads);
  }

  @Override
  public List<PageHash> write(NamespaceRef ns, List<PageWrite> writes, LeaseId lease) {
    return engine().write(ns, writes, lease);
  }

  @Override
  public void renewLease(NamespaceRef ns, LeaseId lease) {
    engine().renewLease(ns, lease);
  }

  @Override
  public CommitOutcome commit(CommitRequest request) {
    return engine().commit(request);
  }

  @Override
  public Time2VersionResult time2version(long unixSeconds) {
    return engine().time2version(unixSeconds);
  }

  @Override
  public LockAcquireOutcome acquireLock(NamespaceRef ns, String owner, Version version) {
    return engine().acquireLock(ns, owner, version);
  }

  @Override
  public void releaseLock(NamespaceRef ns, String owner, LockReleaseMode mode) {
    engine().releaseLock(ns, owner, mode);
  }

  /** Gives the handle back; the last handle on a location closes its store. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      DirectStores.release(shared);
    }
  }

  @Override
  public String toString() {
    return "DirectPageStore[" + shared.location + "]";
  }
}
