package io.mvsqlite.client.txn;

import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pages a write transaction changed: the latest content of each page, either still in memory
 * (the buffer) or already uploaded (only its hash kept), and each page's <em>base</em>: its content
 * at the transaction's snapshot, remembered when the page is first written.
 *
 * <p>A page whose latest content equals its base is not committed (a generalisation of the
 * reference's page-0 identity-write suppression, §4.4): SQLite rewrites pages with unchanged
 * content, restores them from its journal on a savepoint rollback, and stamps page 0 in every
 * transaction; none of that should conflict with other writers. The comparison is by bytes while
 * the base is in memory, else by hash; a page whose base is unknown (not cached when first written)
 * is always committed, which is safe. Base bytes are held only while the page is buffered, so
 * memory stays bounded by the buffer.
 *
 * <p>Not thread-safe: used from the connection's thread only.
 */
final class WriteSet {

  /**
   * A page's content at the snapshot: bytes, or their hash, or nothing known; absent if it lay
   * beyond the end.
   */
  private static final class Base {
    byte[] bytes;
    PageHash hash;
    final boolean absent;

    Base(byte[] bytes, boolean absent) {
      this.bytes = bytes;
      this.absent = absent;
    }

    PageHash hash() {
      if (hash == null && bytes != null) {
        hash = PageHashes.of(bytes);
      }
      return hash;
    }

    boolean sameAs(byte[] data, PageHash dataHash) {
      if (absent) {
        return false;
      }
      if (bytes != null) {
        return Arrays.equals(bytes, data);
      }
      return hash != null && hash.equals(dataHash != null ? dataHash : PageHashes.of(data));
    }
  }

  /** A page leaving the buffer for upload: its index, content and content hash. */
  record Flushed(int page, byte[] data, PageHash hash) {}

  private final LinkedHashMap<Integer, byte[]> buffer = new LinkedHashMap<>();
  private final Map<Integer, PageHash> uploaded = new HashMap<>();
  private final Map<Integer, Base> bases = new HashMap<>();

  /**
   * The content of the most recently uploaded pages, so that reading them back needs no round trip.
   */
  private final LinkedHashMap<Integer, byte[]> recentUploads;

  /**
   * @param recentUploadsKept uploaded pages whose content stays in memory (least recently used
   *     leave first)
   */
  WriteSet(int recentUploadsKept) {
    this.recentUploads =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> eldest) {
            return size() > recentUploadsKept;
          }
        };
  }

  /** True if {@code page} has not been written in this transaction yet. */
  boolean isFirstWrite(int page) {
    return !bases.containsKey(page);
  }

  /**
   * Records a write. On the page's first write, {@code baseBytes} is its content at the snapshot
   * (or {@code null} if unknown) and {@code baseAbsent} says it lay beyond the end of the database;
   * both are ignored later.
   */
  void write(int page, byte[] data, byte[] baseBytes, boolean baseAbsent) {
    bases.computeIfAbsent(page, p -> new Base(baseAbsent ? null : baseBytes, baseAbsent));
    buffer.put(page, data);
  }

  /** The buffered content of {@code page}, or {@code null}. */
  byte[] buffered(int page) {
    return buffer.get(page);
  }

  /**
   * The hash of {@code page}'s uploaded content, or {@code null} if it was not uploaded or was
   * rewritten since.
   */
  PageHash uploadedHash(int page) {
    return buffer.containsKey(page) ? null : uploaded.get(page);
  }

  /** Keeps {@code data}, just read back by hash, as the uploaded content of {@code page}. */
  void keepUploadContent(int page, byte[] data) {
    if (uploadedHash(page) != null) {
      recentUploads.put(page, data);
    }
  }

  /** The uploaded content of {@code page} if it is still in memory, else {@code null}. */
  byte[] recentUpload(int page) {
    return uploadedHash(page) == null ? null : recentUploads.get(page);
  }

  boolean contains(int page) {
    return buffer.containsKey(page) || uploaded.containsKey(page);
  }

  int bufferedPages() {
    return buffer.size();
  }

  boolean isEmpty() {
    return buffer.isEmpty() && uploaded.isEmpty();
  }

  /**
   * Forgets the pages at or beyond {@code pageCount}: the database was truncated to that many
   * pages.
   */
  void truncate(int pageCount) {
    buffer.keySet().removeIf(p -> p >= pageCount);
    uploaded.keySet().removeIf(p -> p >= pageCount);
    recentUploads.keySet().removeIf(p -> p >= pageCount);
  }

  /**
   * Empties the buffer for upload: hashes each page, records it as uploaded, and replaces its base
   * bytes by their hash (the bytes are no longer needed). Pages equal to their base are dropped
   * instead of uploaded.
   */
  List<Flushed> drainForUpload() {
    List<Flushed> out = new ArrayList<>(buffer.size());
    for (Iterator<Map.Entry<Integer, byte[]>> it = buffer.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Integer, byte[]> e = it.next();
      int page = e.getKey();
      byte[] data = e.getValue();
      it.remove();
      Base base = bases.get(page);
      PageHash hash = PageHashes.of(data);
      boolean unchanged = base.sameAs(data, hash);
      base.hash();
      base.bytes = null;
      if (unchanged) {
        uploaded.remove(page);
        recentUploads.remove(page);
      } else {
        uploaded.put(page, hash);
        recentUploads.put(page, data);
        out.add(new Flushed(page, data, hash));
      }
    }
    return out;
  }

  /**
   * The commit's page entries in page order: buffered pages inline ("fast writes", with data) and
   * uploaded pages by hash, leaving out every page whose content equals its base.
   */
  List<PageCommit> commitEntries() {
    TreeMap<Integer, PageCommit> entries = new TreeMap<>();
    for (Map.Entry<Integer, PageHash> e : uploaded.entrySet()) {
      int page = e.getKey();
      if (buffer.containsKey(page)) {
        continue;
      }
      Base base = bases.get(page);
      if (!base.absent && e.getValue().equals(base.hash())) {
        continue;
      }
      entries.put(page, new PageCommit(page, e.getValue(), null));
    }
    for (Map.Entry<Integer, byte[]> e : buffer.entrySet()) {
      Base base = bases.get(e.getKey());
      if (base.bytes != null && Arrays.equals(base.bytes, e.getValue())) {
        continue;
      }
      PageHash hash = PageHashes.of(e.getValue());
      if (base.bytes == null && base.sameAs(e.getValue(), hash)) {
        continue;
      }
      entries.put(e.getKey(), new PageCommit(e.getKey(), hash, e.getValue()));
    }
    return new ArrayList<>(entries.values());
  }

  /** Buffered pages (content still in memory), for the page cache after a commit. */
  Map<Integer, byte[]> bufferedContent() {
    return buffer;
  }

  /** Every page written (buffered or uploaded), whatever its content. */
  Iterable<Integer> writtenPages() {
    List<Integer> pages = new ArrayList<>(buffer.keySet());
    for (Integer p : uploaded.keySet()) {
      if (!buffer.containsKey(p)) {
        pages.add(p);
      }
    }
    return pages;
  }
}
