package io.mvsqlite.store.write;

import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.content.ContentCodec;
import io.mvsqlite.store.content.PageHasher;
import io.mvsqlite.store.keys.KeyCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Stores page contents of one namespace inside a caller's KV transaction (reference §5.2): used by
 * {@code /batch/write} and by the commit path for fast writes. The caller commits (or abandons) the
 * transaction.
 *
 * <ol>
 *   <li>Pages over {@value Limits#MAX_PAGE_BYTES} bytes reject the whole batch ({@link
 *       ErrorCode#PAGE_TOO_LARGE}) before anything is written.
 *   <li>Each page's BLAKE3 hash is its address; the answer lists one hash per request, duplicates
 *       included.
 *   <li>Each distinct hash is processed once per transaction: a hash this applier already handled
 *       is skipped (its content-index (CI) key now holds a versionstamped value, which this
 *       transaction can no longer read).
 *   <li>A hash whose CI entry exists is already stored ("early complete"; this also prevents delta
 *       cycles).
 *   <li>A page with a delta base may be stored as an XOR delta against the base page's current
 *       content ({@link DeltaPlanner}); the base's CI is touched and a referrer record written, so
 *       content GC keeps the base.
 *   <li>Other new pages are stored zstd-compressed. Every hash gets its CI touched ({@code now ||
 *       <versionstamp>}): this protects fresh uploads from content GC and marks them as written by
 *       this commit.
 * </ol>
 *
 * <p>Order in a commit transaction: apply uploads before writing page-index entries of the
 * namespace (the delta planner range-reads the base page's index, which a versionstamped page-index
 * write makes unreadable), and never read the CI key of a {@linkplain #touchedHashes() touched}
 * hash afterwards.
 *
 * <p>Not thread-safe: one applier per transaction and namespace, used by one thread.
 */
public final class WriteApplier {

  private final KeyCodec keys;
  private final DeltaPlanner deltas;
  private final KvTransaction tr;
  private final Version ns;
  private final long nowSecs;
  private final Set<PageHash> touched = new HashSet<>();

  public WriteApplier(
      KeyCodec keys, DeltaPlanner deltas, KvTransaction tr, Version ns, long nowSecs) {
    this.keys = keys;
    this.deltas = deltas;
    this.tr = tr;
    this.ns = ns;
    this.nowSecs = nowSecs;
  }

  /** Stores {@code writes}; returns each page's hash, in request order. */
  public List<PageHash> apply(List<PageWrite> writes) {
    for (PageWrite w : writes) {
      if (w.data() == null) {
        throw new MvException(ErrorCode.MALFORMED_REQUEST, "a page write needs data");
      }
      if (w.data().length > Limits.MAX_PAGE_BYTES) {
        throw new MvException(
            ErrorCode.PAGE_TOO_LARGE, "a page is at most 32768 bytes, got " + w.data().length);
      }
    }
    List<PageHash> hashes = new ArrayList<>(writes.size());
    Map<PageHash, PageWrite> pending = new LinkedHashMap<>();
    for (PageWrite w : writes) {
      PageHash h = PageHasher.hash(w.data());
      hashes.add(h);
      if (!touched.contains(h)) {
        pending.putIfAbsent(h, w);
      }
    }
    if (pending.isEmpty()) {
      return hashes;
    }
    Map<PageHash, CompletableFuture<byte[]>> indexReads = new LinkedHashMap<>();
    for (PageHash h : pending.keySet()) {
      indexReads.put(h, tr.getAsync(keys.contentIndex(ns, h)));
    }
    // Every read completes before the first write: a CI key touched below becomes unreadable.
    Set<PageHash> stored = new HashSet<>();
    for (Map.Entry<PageHash, CompletableFuture<byte[]>> e : indexReads.entrySet()) {
      if (e.getValue().join() != null) {
        stored.add(e.getKey());
      }
    }
    Map<PageHash, CompletableFuture<DeltaPlanner.Delta>> planned = new LinkedHashMap<>();
    for (Map.Entry<PageHash, PageWrite> e : pending.entrySet()) {
      PageWrite w = e.getValue();
      if (w.deltaBase() != null && !stored.contains(e.getKey())) {
        planned.put(e.getKey(), deltas.planAsync(tr, ns, w.deltaBase(), w.data()));
      }
    }
    Map<PageHash, DeltaPlanner.Delta> chosen = new LinkedHashMap<>();
    for (Map.Entry<PageHash, CompletableFuture<DeltaPlanner.Delta>> e : planned.entrySet()) {
      DeltaPlanner.Delta delta = e.getValue().join();
      if (delta != null) {
        chosen.put(e.getKey(), delta);
      }
    }
    for (Map.Entry<PageHash, PageWrite> e : pending.entrySet()) {
      PageHash h = e.getKey();
      if (!stored.contains(h)) {
        DeltaPlanner.Delta delta = chosen.get(h);
        if (delta != null) {
          tr.set(keys.content(ns, h), delta.encoded());
          tr.set(keys.referrer(ns, h), delta.base().bytes());
          touch(delta.base());
        } else {
          tr.set(keys.content(ns, h), ContentCodec.encode(e.getValue().data()));
        }
      }
      touch(h);
    }
    return hashes;
  }

  /**
   * Hashes whose CI entry this applier wrote in the transaction (uploads and delta bases). Their CI
   * keys are unreadable in the transaction from now on, and known to exist: the commit path must
   * not read them again (reading would fail; reference §16.15).
   */
  public Set<PageHash> touchedHashes() {
    return Collections.unmodifiableSet(touched);
  }

  private void touch(PageHash h) {
    if (touched.add(h)) {
      tr.mutate(
          MutationType.SET_VERSIONSTAMPED_VALUE,
          keys.contentIndex(ns, h),
          KeyCodec.contentIndexValueTemplate(nowSecs));
    }
  }
}
