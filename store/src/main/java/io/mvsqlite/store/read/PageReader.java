package io.mvsqlite.store.read;

import io.mvsqlite.kv.KvReader;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.TransactionOption;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.content.ContentStore;
import io.mvsqlite.store.meta.MetadataCache;
import io.mvsqlite.store.meta.NamespaceDirectory;
import io.mvsqlite.store.read.PageIndexLookup.Hit;
import io.mvsqlite.store.read.PageIndexLookup.RangeHits;
import io.mvsqlite.store.read.PageIndexLookup.StagedCommit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /batch/read} (reference §3.2, §5.3): up to {@value Limits#MAX_PAGES_PER_READ} pages of one
 * namespace, each at its own version, answered in request order. All KV reads of a batch are issued
 * before any is awaited.
 *
 * <p>Per distinct version, one KV transaction from the {@link ReadVersionCache} (causal check); the
 * namespace's truncation watermark is checked ({@link ErrorCode#VERSION_TRUNCATED}, final: the
 * reference ends the stream and its clients retry forever, §16.4); a page resolves to the newest
 * version {@code <= V} in the page index or in a published staged commit; a fork falls back to its
 * base at the fork's snapshot (one level, checking the base's watermark). An index entry whose
 * content is missing is {@link ErrorCode#DATA_CORRUPT}.
 *
 * <p>Reads with a hash (read-your-writes for pages uploaded by the reading transaction) fetch that
 * content directly, in a fresh transaction, and answer with the request's version. If that content
 * is gone (collected after its lease expired), the answer is {@link ErrorCode#BAD_PAGE_REFERENCE}
 * rather than the reference's silent empty page.
 *
 * <p>A single attempt: KV failures propagate (the caller translates them). Thread-safe.
 */
public final class PageReader {

  /** Pages at most this far apart belong to one run of a range lookup. */
  private static final int MAX_GAP = 4;

  /** Fewer pages than this are looked up one by one. */
  private static final int MIN_RUN = 3;

  /**
   * Page-index rows a range lookup reads per page of its span before giving up on the rest (pages
   * with a long history are then looked up one by one).
   */
  private static final int ROWS_PER_PAGE = 4;

  private static final int MAX_ROWS = 10_000;

  private final KvStore kv;
  private final NamespaceDirectory directory;
  private final MetadataCache metadata;
  private final ReadVersionCache readVersions;
  private final PageIndexLookup lookup;
  private final ContentStore contents;
  private final boolean readOnly;

  public PageReader(
      KvStore kv,
      NamespaceDirectory directory,
      MetadataCache metadata,
      ReadVersionCache readVersions,
      PageIndexLookup lookup,
      ContentStore contents,
      boolean readOnly) {
    this.kv = kv;
    this.directory = directory;
    this.metadata = metadata;
    this.readVersions = readVersions;
    this.lookup = lookup;
    this.contents = contents;
    this.readOnly = readOnly;
  }

  /** One answer per read, in request order. */
  public List<PageData> read(NamespaceRef ref, List<PageRead> reads) {
    if (reads.size() > Limits.MAX_PAGES_PER_READ) {
      throw new MvException(
          ErrorCode.TOO_MANY_READS, "at most 200 pages per read batch, got " + reads.size());
    }
    Map<Version, List<Integer>> byVersion = new LinkedHashMap<>();
    List<Integer> byHash = new ArrayList<>();
    for (int i = 0; i < reads.size(); i++) {
      PageRead r = reads.get(i);
      if (r.version() == null) {
        throw new MvException(ErrorCode.BAD_VERSION, "a page read needs a version");
      }
      if (r.hash() != null) {
        byHash.add(i);
      } else {
        byVersion.computeIfAbsent(r.version(), v -> new ArrayList<>()).add(i);
      }
    }
    List<CompletableFuture<PageData>> results = new ArrayList<>(reads.size());
    for (int i = 0; i < reads.size(); i++) {
      results.add(null);
    }
    List<KvTransaction> open = new ArrayList<>();
    try {
      for (Map.Entry<Version, List<Integer>> group : byVersion.entrySet()) {
        KvTransaction tr = readVersions.open(kv, group.getKey());
        open.add(tr);
        VersionView view = prepare(tr, ref, group.getKey());
        List<Integer> indexes = group.getValue();
        List<CompletableFuture<PageData>> pages =
            view.readAllAsync(indexes.stream().map(i -> reads.get(i).pageIndex()).toList());
        for (int k = 0; k < indexes.size(); k++) {
          results.set(indexes.get(k), pages.get(k));
        }
      }
      if (!byHash.isEmpty()) {
        KvTransaction tr = freshTransaction();
        open.add(tr);
        Version ns = directory.resolve(tr, ref);
        for (int i : byHash) {
          results.set(i, readOwnWriteAsync(tr.snapshot(), ns, reads.get(i)));
        }
      }
      List<PageData> out = new ArrayList<>(reads.size());
      for (CompletableFuture<PageData> f : results) {
        out.add(f.join());
      }
      return out;
    } finally {
      awaitQuietly(results);
      for (KvTransaction tr : open) {
        tr.close();
      }
    }
  }

  private VersionView prepare(KvTransaction tr, NamespaceRef ref, Version version) {
    Version ns = directory.resolve(tr, ref);
    NamespaceMetadata md = metadata.get(tr, ns);
    if (md.truncatedBefore() != null && version.isBefore(md.truncatedBefore())) {
      throw truncated();
    }
    KvReader snap = tr.snapshot();
    List<StagedCommit> staged = stagedAt(snap, ns, md, version);
    NamespaceMetadata.OverlayBase base = md.overlayBase();
    if (base == null) {
      return new VersionView(snap, ns, version, staged, null, List.of(), false);
    }
    NamespaceMetadata baseMd = metadata.get(tr, base.nsId());
    boolean baseTruncated =
        baseMd.truncatedBefore() != null
            && base.snapshotVersion().isBefore(baseMd.truncatedBefore());
    List<StagedCommit> baseStaged = stagedAt(snap, base.nsId(), baseMd, base.snapshotVersion());
    return new VersionView(snap, ns, version, staged, base, baseStaged, baseTruncated);
  }

  private List<StagedCommit> stagedAt(
      KvReader snap, Version ns, NamespaceMetadata md, Version version) {
    return md.stagedCommits() > 0 ? lookup.stagedCommitsAsync(snap, ns, version).join() : List.of();
  }

  /** Everything needed to read pages of one namespace at one version. */
  private final class VersionView {
    private final KvReader snap;
    private final Version ns;
    private final Version version;
    private final List<StagedCommit> staged;
    private final NamespaceMetadata.OverlayBase base;
    private final List<StagedCommit> baseStaged;
    private final boolean baseTruncated;

    VersionView(
        KvReader snap,
        Version ns,
        Version version,
        List<StagedCommit> staged,
        NamespaceMetadata.OverlayBase base,
        List<StagedCommit> baseStaged,
        boolean baseTruncated) {
      this.snap = snap;
      this.ns = ns;
      this.version = version;
      this.staged = staged;
      this.base = base;
      this.baseStaged = baseStaged;
      this.baseTruncated = baseTruncated;
    }

    /**
     * The pages, in the given order. Runs of neighbouring pages (a scan's prefetch) share one
     * page-index range read ({@link PageIndexLookup#findRangeAsync}); the others, and every page
     * while the namespace has staged commits, are looked up one by one.
     */
    List<CompletableFuture<PageData>> readAllAsync(List<Integer> pages) {
      Map<Integer, CompletableFuture<Hit>> ranged =
          staged.isEmpty() ? rangeLookups(pages) : Map.of();
      List<CompletableFuture<PageData>> out = new ArrayList<>(pages.size());
      for (int page : pages) {
        CompletableFuture<Hit> hit = ranged.get(page);
        out.add((hit != null ? hit : lookupOne(page)).thenCompose(h -> resolve(page, h)));
      }
      return out;
    }

    private CompletableFuture<Hit> lookupOne(int page) {
      return lookup.findAsync(snap, ns, page, version, staged);
    }

    /** One range lookup per cluster of at least {@value #MIN_RUN} pages with small gaps. */
    private Map<Integer, CompletableFuture<Hit>> rangeLookups(List<Integer> pages) {
      int[] sorted =
          pages.stream()
              .mapToInt(Integer::intValue)
              .filter(p -> p >= 0 && p < Integer.MAX_VALUE)
              .sorted()
              .distinct()
              .toArray();
      Map<Integer, CompletableFuture<Hit>> out = new HashMap<>();
      int start = 0;
      for (int i = 1; i <= sorted.length; i++) {
        if (i == sorted.length || sorted[i] - sorted[i - 1] > MAX_GAP) {
          if (i - start >= MIN_RUN) {
            rangeLookup(sorted, start, i, out);
          }
          start = i;
        }
      }
      return out;
    }

    private void rangeLookup(
        int[] sorted, int from, int to, Map<Integer, CompletableFuture<Hit>> out) {
      int first = sorted[from];
      int last = sorted[to - 1];
      int span = last - first + 1;
      CompletableFuture<RangeHits> range =
          lookup.findRangeAsync(
              snap, ns, first, last, version, Math.min(span * ROWS_PER_PAGE + 16, MAX_ROWS));
      for (int i = from; i < to; i++) {
        int page = sorted[i];
        out.put(
            page,
            range.thenCompose(
                r ->
                    r.covers(page)
                        ? CompletableFuture.completedFuture(r.hits().get(page))
                        : lookupOne(page)));
      }
    }

    /** The page whose own index lookup gave {@code hit}: its content, or the fork base's. */
    private CompletableFuture<PageData> resolve(int page, Hit hit) {
      if (hit != null) {
        return contentOf(ns, hit);
      }
      if (base == null) {
        return CompletableFuture.completedFuture(PageData.absent());
      }
      if (baseTruncated) {
        return CompletableFuture.failedFuture(truncated());
      }
      return lookup
          .findAsync(snap, base.nsId(), page, base.snapshotVersion(), baseStaged)
          .thenCompose(
              baseHit ->
                  baseHit == null
                      ? CompletableFuture.completedFuture(PageData.absent())
                      : contentOf(base.nsId(), baseHit));
    }

    private CompletableFuture<PageData> contentOf(Version owner, Hit hit) {
      return contents
          .loadAsync(snap, owner, hit.hash())
          .thenApply(
              data -> {
                if (data == null) {
                  throw new MvException(
                      ErrorCode.DATA_CORRUPT,
                      "a page version references missing content " + hit.hash().hex());
                }
                return new PageData(hit.version(), data);
              });
    }
  }

  private CompletableFuture<PageData> readOwnWriteAsync(KvReader snap, Version ns, PageRead r) {
    return contents
        .loadAsync(snap, ns, r.hash())
        .thenApply(
            data -> {
              if (data == null) {
                throw new MvException(
                    ErrorCode.BAD_PAGE_REFERENCE,
                    "uploaded page content is gone (its transaction lease expired?): "
                        + r.hash().hex());
              }
              return new PageData(r.version(), data);
            });
  }

  private KvTransaction freshTransaction() {
    KvTransaction tr = kv.createTransaction();
    tr.setOption(TransactionOption.CAUSAL_READ_RISKY);
    if (readOnly) {
      tr.setOption(TransactionOption.READ_LOCK_AWARE);
    }
    return tr;
  }

  private static MvException truncated() {
    return new MvException(
        ErrorCode.VERSION_TRUNCATED,
        "the requested version is below the namespace's truncation watermark");
  }

  private static void awaitQuietly(List<CompletableFuture<PageData>> futures) {
    for (CompletableFuture<PageData> f : futures) {
      if (f != null) {
        try {
          f.join();
        } catch (RuntimeException ignored) {
          // The first failure was already rethrown by read(); the rest only need to finish before
          // close.
        }
      }
    }
  }
}
