package io.mvsqlite.store.read;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvReader;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.keys.KeyCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Finds which content a page had at a version: the newest page-index entry {@code <= V} (reference
 * §5.3 step 3), and, while a namespace has published-but-unmerged staged commits, the newest of
 * those {@code <= V} that wrote the page (docs/commit-protocol.md, path 3). Reads go through the
 * caller's reader (snapshot or serializable: the caller decides). Thread-safe.
 */
public final class PageIndexLookup {

  /** A page version and the hash of its content. */
  public record Hit(Version version, PageHash hash) {}

  /** A published staged commit: its version and commit id (whose staged entries hold its pages). */
  public record StagedCommit(Version version, byte[] commitId) {}

  private final KeyCodec keys;

  public PageIndexLookup(KeyCodec keys) {
    this.keys = keys;
  }

  /** The staged commits of {@code ns} published at or before {@code v}, newest first. */
  public CompletableFuture<List<StagedCommit>> stagedCommitsAsync(
      KvReader reader, Version ns, Version v) {
    byte[] begin = keys.stagedCommitPrefix(ns);
    byte[] end = Bytes.keyAfter(keys.stagedCommit(ns, v));
    return reader
        .getRangeAsync(begin, end, 0, true)
        .thenApply(
            kvs -> {
              List<StagedCommit> out = new ArrayList<>(kvs.size());
              for (KeyValue kv : kvs) {
                out.add(new StagedCommit(keys.decodeStagedCommitVersion(kv.key()), kv.value()));
              }
              return out;
            });
  }

  /**
   * The newest version {@code <= v} of page {@code page} in {@code ns}, or {@code null} if none:
   * from the page index, and from {@code staged} (as returned by {@link #stagedCommitsAsync}; empty
   * when the namespace has none).
   */
  public CompletableFuture<Hit> findAsync(
      KvReader reader, Version ns, int page, Version v, List<StagedCommit> staged) {
    // Java ranges are end-exclusive: page(ns, p, V) + 0x00 makes the entry at exactly V part of the
    // range.
    CompletableFuture<Hit> indexed =
        reader
            .getRangeAsync(
                keys.page(ns, page, Version.ZERO), Bytes.keyAfter(keys.page(ns, page, v)), 1, true)
            .thenApply(kvs -> kvs.isEmpty() ? null : indexHit(kvs.getFirst()));
    if (staged.isEmpty()) {
      return indexed;
    }
    List<CompletableFuture<byte[]>> entries = new ArrayList<>(staged.size());
    for (StagedCommit sc : staged) {
      entries.add(reader.getAsync(keys.stagedEntry(ns, sc.commitId(), page)));
    }
    return CompletableFuture.allOf(entries.toArray(CompletableFuture[]::new))
        .thenCombine(
            indexed,
            (ignored, fromIndex) -> {
              for (int i = 0; i < staged.size(); i++) {
                byte[] hash = entries.get(i).join();
                if (hash != null) {
                  Hit fromStaged = new Hit(staged.get(i).version(), hashOf(hash));
                  return fromIndex == null || fromStaged.version().isAfter(fromIndex.version())
                      ? fromStaged
                      : fromIndex;
                }
              }
              return fromIndex;
            });
  }

  /**
   * The newest page-index entry {@code <= v} of every page in {@code [first, last]} (unsigned),
   * read as ONE forward range over their index entries instead of one reverse read per page: a scan
   * asks for runs of neighbouring pages, and each range read has a fixed cost (an iterator on the
   * embedded store, a request on FoundationDB) that dwarfs reading one more small entry. Staged
   * commits are not consulted (callers use {@link #findAsync} while a namespace has some).
   *
   * <p>The range also holds the versions newer than {@code v} of the pages below {@code last}, so
   * it is read with a row limit of {@code maxRows}: if a long history fills it, the answer covers
   * only the pages the rows read got past, and the caller looks up the others one by one.
   *
   * @return page index to hit (absent: no entry {@code <= v}) for every page the read covered, and
   *     the first page it did not cover ({@code last + 1} when it covered all; unsigned)
   */
  public CompletableFuture<RangeHits> findRangeAsync(
      KvReader reader, Version ns, int first, int last, Version v, int maxRows) {
    return reader
        .getRangeAsync(
            keys.page(ns, first, Version.ZERO),
            Bytes.keyAfter(keys.page(ns, last, v)),
            maxRows,
            false)
        .thenApply(
            kvs -> {
              Map<Integer, Hit> hits = new HashMap<>();
              for (KeyValue kv : kvs) {
                KeyCodec.PageKey key = keys.decodePage(kv.key());
                if (!key.version().isAfter(v)) {
                  hits.put(key.pageIndex(), new Hit(key.version(), hashOf(kv.value())));
                }
              }
              // A full answer may have stopped inside the history of its last page.
              int firstUncovered =
                  kvs.size() < maxRows
                      ? last + 1
                      : keys.decodePage(kvs.getLast().key()).pageIndex();
              if (kvs.size() >= maxRows) {
                hits.remove(firstUncovered);
              }
              return new RangeHits(hits, firstUncovered);
            });
  }

  /**
   * The answer of {@link #findRangeAsync}: hits of the pages below {@code firstUncovered}
   * (unsigned); a covered page missing from {@code hits} has no entry at the version.
   */
  public record RangeHits(Map<Integer, Hit> hits, int firstUncovered) {
    /** Whether the read answered for {@code page}. */
    public boolean covers(int page) {
      return Integer.compareUnsigned(page, firstUncovered) < 0;
    }
  }

  private Hit indexHit(KeyValue kv) {
    return new Hit(keys.decodePage(kv.key()).version(), hashOf(kv.value()));
  }

  private static PageHash hashOf(byte[] value) {
    if (value.length != PageHash.LENGTH) {
      throw new MvException(ErrorCode.DATA_CORRUPT, "a page entry holds a malformed content hash");
    }
    return new PageHash(Arrays.copyOf(value, PageHash.LENGTH));
  }
}
