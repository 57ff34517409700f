package io.mvsqlite.protocol;

import java.util.List;

/**
 * The data plane of mvstore: what a SQLite client needs to run transactions over versioned pages.
 *
 * <p>Implemented by the engine itself ({@code KvPageStore}, in-process: "direct mode") and by the
 * HTTP client ({@code HttpPageStore}) that talks to an mvstore server, whose handlers call the
 * engine: one interface, one set of records, two transports.
 *
 * <p>Every method is a single attempt: failures are {@link MvException}s whose {@link
 * ErrorCode#isRetryable()} says whether the caller may send the same request again (commits are
 * idempotent through their key). Implementations are thread-safe.
 */
public interface PageStore {

  /**
   * Starts a transaction: the snapshot version to read at, and what changed since {@code
   * fromVersion}.
   */
  StatResult stat(NamespaceRef ns, Version fromVersion, String lockOwner);

  /**
   * Starts a transaction over several namespaces at <b>one</b> snapshot (mvSQLite extension, for
   * serializable commit groups: docs/commit-groups.md): the answer for each query, in query order,
   * all read at a single read version of the key-value store, so together they are the state of
   * every namespace at one moment. Each answer is what {@link #stat} would have answered at that
   * moment (lock rules included). At most {@link Limits#MAX_NAMESPACES_PER_COMMIT} queries, naming
   * distinct namespaces.
   *
   * <p>The default refuses: a page store that cannot read several namespaces at one version must
   * not pretend to.
   *
   * @throws MvException {@link ErrorCode#NOT_FOUND} if this store does not offer it (e.g. a
   *     reference mvstore)
   */
  List<StatResult> statGroup(List<StatQuery> queries);

  /**
   * Reads pages; one result per request, in request order. At most {@link
   * Limits#MAX_PAGES_PER_READ}.
   */
  List<PageData> read(NamespaceRef ns, List<PageRead> reads);

  /**
   * Uploads page contents, not yet visible to anyone; returns each page's hash in request order. At
   * most {@link Limits#MAX_PAGES_PER_WRITE}. With a {@code lease}, the uploads are kept from
   * content GC while the lease lives.
   */
  List<PageHash> write(NamespaceRef ns, List<PageWrite> writes, LeaseId lease);

  /** Keeps a transaction lease alive (content uploaded under it is not collected). */
  void renewLease(NamespaceRef ns, LeaseId lease);

  /** Commits one namespace, or several atomically. */
  CommitOutcome commit(CommitRequest request);

  /** Maps wall-clock time (unix seconds; 0 = now) to versions. */
  Time2VersionResult time2version(long unixSeconds);

  LockAcquireOutcome acquireLock(NamespaceRef ns, String owner, Version version);

  void releaseLock(NamespaceRef ns, String owner, LockReleaseMode mode);
}
