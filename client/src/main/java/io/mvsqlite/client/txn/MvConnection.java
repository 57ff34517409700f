package io.mvsqlite.client.txn;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.StatQuery;
import io.mvsqlite.protocol.StatResult;
import io.mvsqlite.protocol.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a namespace, SQLite-agnostic (the reference's {@code mvfs::Connection}):
 * transactions over versioned pages, the page cache, the write set with background uploads, the
 * read set, the prefetch predictor and the sequential read-ahead ({@link ReadAhead}). The VFS
 * ({@code MvFile}) maps SQLite's calls onto it; later layers (SQL functions, the JDBC driver) use
 * its pin, lock-owner and metrics methods.
 *
 * <p><b>Life cycle.</b> {@link #begin()} takes a snapshot (one {@code /stat}, or none when pinned)
 * and brings the page cache up to it; {@link #readPage} reads at the snapshot; {@link
 * #beginWrite()}, {@link #writePage}, {@link #truncate} and then {@link #commit()} or {@link
 * #discardWrites()} make a write transaction; {@link #end()} ends the snapshot. After a commit the
 * snapshot moves to the committed version (reads continue there).
 *
 * <p><b>Failures</b> are {@link MvException}s from the store (after its retries) or about the data
 * ({@link ErrorCode#DATA_CORRUPT}: a page the header promises is missing, a page of the wrong
 * size); the caller decides the SQLite code. A failure never leaves a half-applied state behind: a
 * failed write transaction can only be discarded.
 *
 * <p><b>Threads.</b> Not thread-safe: SQLite calls one connection from one thread at a time, and so
 * must everyone else (the SQL functions run on that thread). {@link #lastKnownVersion()}, {@link
 * #prefetchMetrics()} and {@link #readAheadMetrics()} may be read from any thread. Read-ahead
 * batches run on {@link ClientExecutors#IO} but only the connection's thread uses their answers.
 */
public final class MvConnection implements AutoCloseable {

  /** Buffered pages that trigger a background upload (reference §5.4). */
  public static final int FLUSH_THRESHOLD_PAGES = 1000;

  /**
   * How often an open transaction renews its lease: a third of the server's default lease TTL (60
   * s).
   */
  public static final Duration DEFAULT_LEASE_RENEW_INTERVAL = Duration.ofSeconds(20);

  private static final Logger LOG = LoggerFactory.getLogger(MvConnection.class);

  /**
   * How a connection behaves.
   *
   * @param pageSize bytes per page
   * @param cachePages page cache capacity (0 disables it)
   * @param writeChunkSize pages per upload, and the most pages a commit carries inline
   * @param prefetchDepth the most predicted pages fetched with a missed page (0 disables prefetch)
   * @param lockOwner the namespace-lock owner claimed in {@code /stat} and commits, or {@code null}
   * @param autoCreate create the namespace when {@code /stat} does not find it ({@code admin} must
   *     be non-null)
   * @param leaseRenewInterval how often an open transaction that uploaded pages renews its lease
   *     (well below the server's lease TTL, 60 s by default)
   * @param readAheadDepth the most sequential read-ahead batches in flight (0 disables read-ahead,
   *     see {@link ReadAhead})
   */
  public record Options(
      int pageSize,
      int cachePages,
      int writeChunkSize,
      int prefetchDepth,
      String lockOwner,
      boolean autoCreate,
      Duration leaseRenewInterval,
      int readAheadDepth) {

    /**
     * Options with the default lease renewal interval ({@link #DEFAULT_LEASE_RENEW_INTERVAL}),
     * without read-ahead.
     */
    public Options(
        int pageSize,
        int cachePages,
        int writeChunkSize,
        int prefetchDepth,
        String lockOwner,
        boolean autoCreate) {
      this(
          pageSize,
          cachePages,
          writeChunkSize,
          prefetchDepth,
          lockOwner,
          autoCreate,
          DEFAULT_LEASE_RENEW_INTERVAL,
          0);
    }
  }

  private final PageStore store;
  private final NamespaceRef ns;
  private final NamespaceAdmin admin;
  private final int writeChunkSize;
  private final int prefetchDepth;
  private final boolean autoCreate;
  private final Duration leaseRenewInterval;
  private final PageCache cache;
  private final PrefetchPredictor predictor = new PrefetchPredictor();
  private final ReadAhead readAhead;
  private final java.util.function.IntPredicate needsReading = this::needsReading;

  private int pageSize;
  private byte[] template;
  private String lockOwner;
  private Version pinned;

  /**
   * The version the page cache reflects, or {@code null} when it reflects none (empty, or after pin
   * changes).
   */
  private Version cacheVersion;

  private volatile Version lastKnownVersion;
  private volatile PrefetchMetrics metricsSnapshot;
  private volatile ReadAheadMetrics readAheadMetrics;
  private volatile CommitResult.Committed lastCommit;
  private volatile long readRequests;

  // The current snapshot; null outside transactions.
  private Version snapshot;

  /**
   * The last {@code /stat} came from a read-only replica: writes would fail at upload or commit.
   */
  private boolean readOnlyReplica;

  private ReadSet readSet;
  private boolean page0Absent;

  /** Pages at the snapshot (the header's count), or -1 until page 0 was read. */
  private int basePages = -1;

  /**
   * Pages of the file as SQLite sees it: the base, grown by writes, cut by truncation; -1 until
   * known.
   */
  private int sizePages = -1;

  // The write transaction; null outside one.
  private WriteSet writes;
  private Uploads uploads;

  /** Closed uploads whose tasks may still run; drained before the connection closes. */
  private final List<Uploads> abandoned = new ArrayList<>();

  /** The commit group this connection belongs to (through its SQLite connection), or null. */
  private CommitGroup group;

  /**
   * @param store the data plane (retrying)
   * @param admin the admin API, needed only for {@code autoCreate}; may be null
   */
  public MvConnection(PageStore store, NamespaceRef ns, NamespaceAdmin admin, Options options) {
    this.store = store;
    this.ns = ns;
    this.admin = admin;
    this.writeChunkSize = options.writeChunkSize();
    this.prefetchDepth = options.prefetchDepth();
    this.autoCreate = options.autoCreate() && admin != null;
    this.leaseRenewInterval = options.leaseRenewInterval();
    this.cache = new PageCache(options.cachePages());
    this.lockOwner = options.lockOwner();
    this.readAhead = new ReadAhead(store, ns, options.readAheadDepth(), ClientExecutors.IO);
    setPageSize(options.pageSize());
  }

  public NamespaceRef namespace() {
    return ns;
  }

  /** The data plane this connection uses (for namespace locks and time lookups by later layers). */
  public PageStore store() {
    return store;
  }

  public int pageSize() {
    return pageSize;
  }

  /**
   * Changes the page size; only before the first transaction (learning an existing namespace's
   * size).
   */
  public void setPageSize(int bytes) {
    requireNoTransaction("change the page size");
    this.pageSize = bytes;
    this.template = TemplatePages.emptyDatabase(bytes);
  }

  /** The first page of an empty database of this page size (a copy). */
  public byte[] templatePage() {
    return template.clone();
  }

  // ------------------------------------------------------------------ pinning, lock owner,
  // versions, metrics

  /** The version this connection is pinned to (a read-only time-travel view), or {@code null}. */
  public Version pinnedVersion() {
    return pinned;
  }

  /**
   * Pins the connection to {@code version}: every later transaction reads there, and writes are
   * refused. Only outside transactions.
   *
   * @throws IllegalStateException during a transaction
   */
  public void pin(Version version) {
    requireNoTransaction("pin a version");
    if (!version.equals(pinned)) {
      cache.invalidateAll();
      cacheVersion = version;
    }
    pinned = version;
  }

  /**
   * Unpins the connection; the next transaction reads the namespace's head again. Only outside
   * transactions.
   */
  public void unpin() {
    requireNoTransaction("unpin");
    if (pinned != null) {
      cache.invalidateAll();
      cacheVersion = null;
      pinned = null;
    }
  }

  /**
   * The newest version this connection has seen: its last snapshot or its last commit; {@code null}
   * before any.
   */
  public Version lastKnownVersion() {
    return lastKnownVersion;
  }

  public String lockOwner() {
    return lockOwner;
  }

  /** Sets the namespace-lock owner claimed from the next transaction on ({@code null} for none). */
  public void setLockOwner(String owner) {
    this.lockOwner = owner;
  }

  /** The prefetch predictor's counters, as of the end of the last transaction. */
  public PrefetchMetrics prefetchMetrics() {
    PrefetchMetrics m = metricsSnapshot;
    return m != null ? m : predictor.metrics();
  }

  /** The sequential read-ahead's counters, as of the end of the last transaction. */
  public ReadAheadMetrics readAheadMetrics() {
    ReadAheadMetrics m = readAheadMetrics;
    return m != null ? m : new ReadAheadMetrics(0, 0, 0, 0, 0);
  }

  /** The last commit this connection made, or {@code null}. */
  public CommitResult.Committed lastCommit() {
    return lastCommit;
  }

  /**
   * Page reads sent to the store so far (each may carry prefetched pages), read-ahead batches
   * included: the read round trips.
   */
  public long readRequests() {
    return readRequests + readAhead.batchesIssued();
  }

  /** Pages in the page cache now. */
  public long cachedPages() {
    return cache.size();
  }

  // ------------------------------------------------------------------ transactions

  public boolean inTransaction() {
    return snapshot != null;
  }

  public boolean inWriteTransaction() {
    return writes != null;
  }

  /** The snapshot version of the current transaction. */
  public Version snapshotVersion() {
    return snapshot;
  }

  /**
   * Reads page 0 at the namespace's current head without starting a transaction, and leaves the
   * cache at that version: what opening a database needs to learn the page size. Returns {@code
   * null} for a namespace that has no page 0 yet (never written).
   */
  public byte[] probeFirstPage() {
    requireNoTransaction("probe the first page");
    Version version = pinned != null ? pinned : takeSnapshot();
    List<PageData> r = store.read(ns, List.of(PageRead.at(0, version)));
    if (r.size() != 1) {
      throw new MvException(
          ErrorCode.DATA_CORRUPT, "the store answered " + r.size() + " pages for 1");
    }
    PageData page = r.getFirst();
    if (page.isAbsent()) {
      return null;
    }
    cache.put(0, page.data());
    return page.data();
  }

  /**
   * Starts a transaction: takes a snapshot (one {@code /stat}, none when pinned) and updates the
   * cache to it.
   */
  public void begin() {
    requireNoTransaction("begin a transaction");
    if (pinned != null) {
      snapshot = pinned;
    } else if (group != null) {
      String refusal = group.refusal(this);
      if (refusal != null) {
        throw new IllegalStateException(refusal);
      }
      snapshot = group.snapshotFor(this);
    } else {
      snapshot = takeSnapshot();
    }
    readSet = new ReadSet();
    page0Absent = false;
    basePages = -1;
    sizePages = -1;
  }

  /**
   * {@code /stat} from the cache's version; invalidates what changed since; returns the new
   * snapshot.
   */
  private Version takeSnapshot() {
    StatResult stat;
    try {
      stat = store.stat(ns, cacheVersion, lockOwner);
    } catch (MvException e) {
      if (e.code() != ErrorCode.NAMESPACE_NOT_FOUND || !autoCreate) {
        throw e;
      }
      createNamespace();
      stat = store.stat(ns, cacheVersion, lockOwner);
    }
    return adoptStat(stat);
  }

  /**
   * Brings the cache from {@code cacheVersion} to {@code stat}'s version (a stat asked from {@code
   * cacheVersion}).
   */
  Version adoptStat(StatResult stat) {
    Version version = stat.version();
    readOnlyReplica = stat.readOnly();
    if (!version.equals(cacheVersion)) {
      if (cacheVersion == null || stat.interval() == null) {
        cache.invalidateAll();
      } else {
        cache.invalidate(stat.interval());
      }
      cacheVersion = version;
    }
    noteVersion(version);
    return version;
  }

  /**
   * What a shared-snapshot stat asks for this connection: from the cache's version, with its lock
   * owner.
   */
  StatQuery statQuery() {
    return new StatQuery(ns, cacheVersion, lockOwner);
  }

  private void createNamespace() {
    try {
      admin.create(ns.key(), null);
      LOG.info("created namespace '{}' (autoCreate)", ns.key());
    } catch (MvException e) {
      if (e.code() != ErrorCode.NAMESPACE_EXISTS) {
        throw e;
      }
    }
  }

  private void noteVersion(Version v) {
    Version known = lastKnownVersion;
    if (known == null || v.isAfter(known)) {
      lastKnownVersion = v;
    }
  }

  /**
   * Reads a page at the snapshot as SQLite does: it joins the read set and teaches the predictor.
   * Read-your-writes: the transaction's own writes win. An absent page 0 reads as the
   * empty-database template.
   *
   * @throws MvException {@link ErrorCode#DATA_CORRUPT} if another absent page is read, or the
   *     store's failure
   */
  public byte[] readPage(int page) {
    requireTransaction();
    if (readSet != null) {
      readSet.add(page);
    }
    predictor.record(page);
    byte[] data = readAtSnapshot(page);
    if (readAhead.enabled()) {
      readAhead.afterRead(page, snapshot, sizePages, needsReading);
    }
    return data;
  }

  /** {@link #readPage}'s lookup: write set, uploaded-by-hash, cache, read-ahead, server. */
  private byte[] readAtSnapshot(int page) {
    if (writes != null) {
      byte[] buffered = writes.buffered(page);
      if (buffered != null) {
        return buffered;
      }
      byte[] recent = writes.recentUpload(page);
      if (recent != null) {
        return recent;
      }
      if (writes.uploadedHash(page) != null) {
        return fetch(page, true);
      }
    }
    byte[] cached = cache.get(page);
    if (cached != null) {
      return cached;
    }
    byte[] ahead = readAhead.take(page, snapshot);
    if (ahead != null && ahead.length == pageSize && page != 0) {
      cache.put(page, ahead);
      return ahead;
    }
    return fetch(page, true);
  }

  /** Whether read-ahead should read {@code page}: not cached, not written by this transaction. */
  private boolean needsReading(int page) {
    return page > 0
        && !cache.contains(page)
        && (writes == null
            || (writes.buffered(page) == null
                && writes.recentUpload(page) == null
                && writes.uploadedHash(page) == null));
  }

  /**
   * Page 0 for the connection's own use (sizes, bases): not a read of SQLite's, so no read set, no
   * predictor.
   */
  private byte[] firstPage() {
    if (writes != null) {
      byte[] buffered = writes.buffered(0);
      if (buffered != null) {
        return buffered;
      }
    }
    byte[] cached = cache.get(0);
    return cached != null ? cached : fetch(0, false);
  }

  /**
   * One round trip for {@code page} and, if {@code predict}, the pages the predictor expects next.
   * Pages this transaction uploaded are read by hash (after the uploads finished) and kept with the
   * write set; the others are read at the snapshot and cached.
   */
  private byte[] fetch(int page, boolean predict) {
    List<Integer> pages = new ArrayList<>();
    pages.add(page);
    if (predict && prefetchDepth > 0) {
      for (int p : predictor.predict(page, prefetchDepth)) {
        if (p != page
            && p >= 0
            && (sizePages < 0 || p < sizePages)
            && !cache.contains(p)
            && !pages.contains(p)
            && !readAhead.covers(p)
            && (writes == null || (writes.buffered(p) == null && writes.recentUpload(p) == null))) {
          pages.add(p);
        }
      }
    }
    List<PageRead> reads = new ArrayList<>(pages.size());
    boolean readsUploads = false;
    for (int p : pages) {
      PageHash uploaded = writes == null ? null : writes.uploadedHash(p);
      readsUploads |= uploaded != null;
      reads.add(uploaded == null ? PageRead.at(p, snapshot) : new PageRead(p, snapshot, uploaded));
    }
    if (readsUploads) {
      uploads.await();
    }
    readRequests++;
    List<PageData> result = store.read(ns, reads);
    if (result.size() != reads.size()) {
      throw new MvException(
          ErrorCode.DATA_CORRUPT,
          "the store answered " + result.size() + " pages for " + reads.size());
    }
    if (reads.getFirst().hash() != null && result.getFirst().isAbsent()) {
      throw new MvException(
          ErrorCode.DATA_CORRUPT,
          "page "
              + page
              + " uploaded by this transaction ("
              + reads.getFirst().hash()
              + ") cannot be read back");
    }
    byte[] data = checked(page, result.getFirst());
    if (data != null) {
      keep(page, data, reads.getFirst());
    }
    for (int i = 1; i < result.size(); i++) {
      PageData extra = result.get(i);
      int p = pages.get(i);
      if (!extra.isAbsent() && extra.data().length == pageSize && p != 0) {
        keep(p, extra.data(), reads.get(i));
      }
    }
    if (data == null) {
      page0Absent = true;
      return template;
    }
    return data;
  }

  /**
   * Server content goes to the page cache; this transaction's own uploads stay with its write set.
   */
  private void keep(int page, byte[] data, PageRead read) {
    if (read.hash() == null) {
      cache.put(page, data);
    } else {
      writes.keepUploadContent(page, data);
    }
  }

  /**
   * The page's bytes, or {@code null} for an absent page 0; fails for other absent pages and wrong
   * sizes.
   */
  private byte[] checked(int page, PageData read) {
    if (read.isAbsent()) {
      if (page == 0) {
        return null;
      }
      throw new MvException(
          ErrorCode.DATA_CORRUPT,
          "read on non-existing page "
              + page
              + " of namespace '"
              + ns.key()
              + "' at version "
              + snapshot);
    }
    if (read.data().length != pageSize) {
      throw new MvException(
          ErrorCode.DATA_CORRUPT,
          "page size mismatch: page "
              + page
              + " of namespace '"
              + ns.key()
              + "' has "
              + read.data().length
              + " bytes, this connection uses "
              + pageSize
              + "-byte pages; open it with pageSize="
              + read.data().length);
    }
    return read.data();
  }

  /**
   * Pages in the file as SQLite sees it now (the header's count at the snapshot, adjusted by
   * writes).
   */
  public int sizePages() {
    requireTransaction();
    if (sizePages < 0) {
      basePages = Math.max(1, HeaderFields.pageCount(firstPage()));
      sizePages = basePages;
    }
    return sizePages;
  }

  /** Starts a write transaction within the current transaction. */
  public void beginWrite() {
    requireTransaction();
    if (pinned != null) {
      throw new MvException(
          ErrorCode.READ_ONLY,
          "this connection is pinned to version " + pinned + " (a read-only view of the past)");
    }
    if (readOnlyReplica) {
      throw new MvException(
          ErrorCode.READ_ONLY,
          "the mvstore serving namespace '"
              + ns.key()
              + "' is a read-only replica: send writes to a writable mvstore");
    }
    if (writes == null) {
      sizePages();
      writes = new WriteSet(FLUSH_THRESHOLD_PAGES);
      uploads = new Uploads(store, ns, leaseRenewInterval, inGroup() ? group.lease() : null);
    }
  }

  /**
   * Writes a page (the array belongs to the connection from now on). Every {@value
   * #FLUSH_THRESHOLD_PAGES} buffered pages start background uploads.
   */
  public void writePage(int page, byte[] data) {
    if (writes == null) {
      throw new IllegalStateException("write outside a write transaction");
    }
    predictor.skipNextDelta();
    if (writes.isFirstWrite(page)) {
      boolean absent = page >= basePages;
      byte[] base = absent ? null : (page == 0 && page0Absent ? template : cache.get(page));
      writes.write(page, data, base, absent);
    } else {
      writes.write(page, data, null, false);
    }
    sizePages = Math.max(sizePages, page + 1);
    if (writes.bufferedPages() >= FLUSH_THRESHOLD_PAGES) {
      flush();
    }
  }

  /**
   * The file was truncated to {@code pages} pages: later pages are no longer part of the
   * transaction.
   */
  public void truncate(int pages) {
    requireTransaction();
    sizePages();
    if (writes != null) {
      writes.truncate(pages);
    }
    sizePages = pages;
  }

  private void flush() {
    List<WriteSet.Flushed> pages = writes.drainForUpload();
    for (int i = 0; i < pages.size(); i += writeChunkSize) {
      uploads.submit(pages.subList(i, Math.min(pages.size(), i + writeChunkSize)));
    }
  }

  /** True if the write transaction wrote any page (before comparing them with their bases). */
  public boolean hasWrites() {
    return writes != null && !writes.isEmpty();
  }

  /**
   * Commits the write transaction: uploads what is left beyond {@code writeChunkSize} pages, waits
   * for every upload, and sends one commit (the rest inline) with a fresh idempotency key, the read
   * set and the lease. On success the snapshot moves to the committed version and the write
   * transaction ends; otherwise it stays, to be discarded.
   */
  public CommitResult commit() {
    if (writes == null) {
      return new CommitResult.Unchanged();
    }
    if (inGroup()) {
      return stage();
    }
    try {
      if (writes.bufferedPages() > writeChunkSize) {
        flush();
      }
      uploads.await();
      List<PageCommit> entries = writes.commitEntries();
      if (entries.isEmpty()) {
        endWrite();
        return new CommitResult.Unchanged();
      }
      int[] reads = readSet == null ? null : readSet.toWire();
      CommitRequest request =
          new CommitRequest(
              IdempotencyKey.random(),
              true,
              lockOwner,
              uploads.lease(),
              false,
              List.of(new NamespaceCommit(ns, snapshot, reads, entries)));
      CommitOutcome outcome = store.commit(request);
      return switch (outcome) {
        case CommitOutcome.Committed c -> committed(c, entries);
        case CommitOutcome.Conflict c -> new CommitResult.Conflict(c.reason());
        case CommitOutcome.BadPageReference b ->
            new CommitResult.Failed(
                new MvException(
                    ErrorCode.BAD_PAGE_REFERENCE,
                    "the server no longer has pages this transaction uploaded (bad page"
                        + " reference"
                        + (b.detail() == null || b.detail().isEmpty() ? "" : ": " + b.detail())
                        + ")"));
      };
    } catch (MvException e) {
      return new CommitResult.Failed(e);
    }
  }

  private CommitResult committed(CommitOutcome.Committed c, List<PageCommit> entries) {
    int[] changed = c.changelog().get(ns.key());
    if (changed == null) {
      cache.invalidateAll();
    } else {
      cache.invalidate(changed);
    }
    Map<Integer, byte[]> inMemory = writes.bufferedContent();
    for (PageCommit e : entries) {
      byte[] data = inMemory.get(e.pageIndex());
      if (data != null) {
        cache.put(e.pageIndex(), data);
      } else {
        cache.invalidate(e.pageIndex());
      }
    }
    cacheVersion = c.version();
    snapshot = c.version();
    noteVersion(c.version());
    // Pages cached by SQLite were all read (or written) by this transaction, so none changed before
    // the commit; the
    // next write from this snapshot is checked against the whole namespace, as the reference does.
    readSet = null;
    basePages = sizePages;
    CommitResult.Committed result =
        new CommitResult.Committed(
            c.version(), entries.size(), uploads.pagesUploaded(), uploads.lease() != null);
    lastCommit = result;
    endWrite();
    return result;
  }

  private boolean inGroup() {
    return group != null && pinned == null;
  }

  /**
   * The commit point inside a commit group: uploads every written page (under the group's lease)
   * and hands the entries and the read set to the group, which commits them later with the other
   * members'. Nothing becomes visible; the write transaction ends as if committed, and the cache
   * keeps the snapshot's content.
   */
  private CommitResult stage() {
    try {
      flush();
      uploads.await();
      List<PageCommit> entries = writes.commitEntries();
      if (entries.isEmpty()) {
        endWrite();
        return new CommitResult.Unchanged();
      }
      Map<Integer, byte[]> content = new java.util.HashMap<>();
      for (PageCommit e : entries) {
        byte[] data = writes.recentUpload(e.pageIndex());
        if (data != null) {
          content.put(e.pageIndex(), data);
        }
      }
      group.stage(this, readSet, new CommitGroup.StagedWrite(entries, content, uploads));
      readSet = new ReadSet();
      basePages = sizePages;
      uploads = null; // the group owns it now: its lease is renewed until the group ends
      endWrite();
      return new CommitResult.Staged(entries.size());
    } catch (MvException e) {
      return new CommitResult.Failed(e);
    }
  }

  /**
   * The group this connection's transactions were part of committed at {@code version}: the cache
   * drops what others changed ({@code changed}, null: unknown) and takes the staged pages ({@code
   * staged}, null for a member that only read). Called outside transactions.
   */
  void applyGroupCommit(Version version, int[] changed, CommitGroup.StagedWrite staged) {
    if (changed == null) {
      cache.invalidateAll();
    } else {
      cache.invalidate(changed);
    }
    if (staged != null) {
      for (PageCommit e : staged.entries()) {
        byte[] data = staged.content().get(e.pageIndex());
        if (data != null) {
          cache.put(e.pageIndex(), data);
        } else {
          cache.invalidate(e.pageIndex());
        }
      }
      lastCommit =
          new CommitResult.Committed(
              version, staged.entries().size(), staged.uploads().pagesUploaded(), true);
    }
    cacheVersion = version;
    noteVersion(version);
  }

  /** The commit group this connection belongs to, or {@code null}. */
  public CommitGroup commitGroup() {
    return group;
  }

  void joinGroup(CommitGroup g) {
    group = g;
  }

  void leaveGroup(CommitGroup g) {
    if (group == g) {
      group = null;
    }
  }

  /**
   * Abandons the write transaction: nothing is sent; uploads already made are left for content GC.
   */
  public void discardWrites() {
    if (writes != null) {
      sizePages = basePages;
      endWrite();
    }
  }

  private void endWrite() {
    if (uploads != null) {
      uploads.close();
      abandoned.removeIf(u -> !u.hasPending());
      if (uploads.hasPending()) {
        abandoned.add(uploads);
      }
    }
    writes = null;
    uploads = null;
  }

  /** Ends the transaction (discarding uncommitted writes). */
  public void end() {
    if (inGroup() && snapshot != null && readSet != null && readSet.size() > 0) {
      group.recordReads(this, readSet);
    }
    discardWrites();
    snapshot = null;
    readSet = null;
    predictor.reset();
    metricsSnapshot = predictor.metrics();
    readAhead.discard();
    readAheadMetrics = readAhead.metrics();
  }

  /**
   * Ends any transaction and waits for its background work, so the store can be closed after it.
   */
  @Override
  public void close() {
    if (group != null) {
      group.memberClosed(this);
    }
    Uploads running = uploads;
    if (inTransaction()) {
      end();
    }
    readAhead.close();
    if (running != null) {
      running.closeAndDrain();
    }
    for (Uploads u : abandoned) {
      u.closeAndDrain();
    }
    abandoned.clear();
    cache.invalidateAll();
  }

  private void requireTransaction() {
    if (snapshot == null) {
      throw new IllegalStateException(
          "no transaction: SQLite reads and writes pages only under a lock");
    }
  }

  private void requireNoTransaction(String what) {
    if (snapshot != null) {
      throw new IllegalStateException("cannot " + what + " while a transaction is active");
    }
  }

  @Override
  public String toString() {
    return "MvConnection[" + ns.key() + (pinned != null ? "@" + pinned : "") + "]";
  }
}
