package io.mvsqlite.store;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.LockAcquireOutcome;
import io.mvsqlite.protocol.LockReleaseMode;
import io.mvsqlite.protocol.MvException;
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
import io.mvsqlite.store.commit.CommitEngine;
import io.mvsqlite.store.lock.NamespaceLocks;
import io.mvsqlite.store.read.PageReader;
import io.mvsqlite.store.read.StatReader;
import io.mvsqlite.store.time.TimeMapper;
import io.mvsqlite.store.write.BatchWriter;
import java.util.List;

/**
 * The data plane over the KV store: what the HTTP server's handlers and direct-mode clients call.
 * Each method is a single attempt, and every failure leaves as an {@link MvException} ({@link
 * KvErrors}): a retryable code means the same call may be sent again. Commits and namespace locks
 * are delegated to the {@link CommitEngine} and {@link NamespaceLocks} collaborators. Thread-safe;
 * obtained from {@link MvStore#pageStore()}.
 */
public final class KvPageStore implements PageStore {

  private final StatReader stats;
  private final PageReader reader;
  private final BatchWriter writer;
  private final TimeMapper times;
  private final CommitEngine commits;
  private final NamespaceLocks locks;

  KvPageStore(
      StatReader stats,
      PageReader reader,
      BatchWriter writer,
      TimeMapper times,
      CommitEngine commits,
      NamespaceLocks locks) {
    this.stats = stats;
    this.reader = reader;
    this.writer = writer;
    this.times = times;
    this.commits = commits;
    this.locks = locks;
  }

  @Override
  public StatResult stat(NamespaceRef ns, Version fromVersion, String lockOwner) {
    return KvErrors.translating(() -> stats.stat(ns, fromVersion, lockOwner));
  }

  @Override
  public List<StatResult> statGroup(List<StatQuery> queries) {
    return KvErrors.translating(() -> stats.statGroup(queries));
  }

  @Override
  public List<PageData> read(NamespaceRef ns, List<PageRead> reads) {
    return KvErrors.translating(() -> reader.read(ns, reads));
  }

  @Override
  public List<PageHash> write(NamespaceRef ns, List<PageWrite> writes, LeaseId lease) {
    return KvErrors.translating(() -> writer.write(ns, writes, lease));
  }

  @Override
  public void renewLease(NamespaceRef ns, LeaseId lease) {
    if (lease == null) {
      throw new MvException(ErrorCode.MALFORMED_REQUEST, "renewing a lease needs its id");
    }
    KvErrors.translating(() -> writer.renewLease(ns, lease));
  }

  @Override
  public CommitOutcome commit(CommitRequest request) {
    return KvErrors.translating(() -> commits.commit(request));
  }

  @Override
  public Time2VersionResult time2version(long unixSeconds) {
    return KvErrors.translating(() -> times.time2version(unixSeconds));
  }

  @Override
  public LockAcquireOutcome acquireLock(NamespaceRef ns, String owner, Version version) {
    return KvErrors.translating(() -> locks.acquire(ns, owner, version));
  }

  @Override
  public void releaseLock(NamespaceRef ns, String owner, LockReleaseMode mode) {
    KvErrors.translating(() -> locks.release(ns, owner, mode));
  }
}
