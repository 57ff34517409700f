package io.mvsqlite.store.commit;

import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.keys.KeyCodec;
import java.util.Collection;

/**
 * The writes that publish a commit, shared by the paths: page-index entries, content-index touches,
 * and the head of each written namespace (last-write version, changelog entry, idempotency record,
 * lease release). All carry the commit's versionstamp, so they are written with versionstamped
 * mutations and become unreadable in the writing transaction: callers write only after every read.
 * Stateless; thread-safe.
 */
final class CommitWriter {

  /**
   * A changelog entry with this many distinct pages or more is written as "unknown" (reference
   * §6.1).
   */
  static final int CHANGELOG_MAX_PAGES = 500;

  private final StoreContext ctx;
  private final KeyCodec keys;

  CommitWriter(StoreContext ctx) {
    this.ctx = ctx;
    this.keys = ctx.keys();
  }

  /**
   * {@code page(ns, p, <vs>) = h} for every entry. {@code withoutConflictRanges} drops each entry's
   * write conflict range (path 2, which adds one namespace-wide range instead, reference §6.5).
   */
  void writeEntries(KvTransaction tr, Version id, NamespacePlan ns, boolean withoutConflictRanges) {
    int[] pages = ns.pages();
    PageHash[] hashes = ns.hashes();
    for (int i = 0; i < pages.length; i++) {
      if (withoutConflictRanges) {
        tr.setNextWriteNoWriteConflictRange();
      }
      tr.mutate(
          MutationType.SET_VERSIONSTAMPED_KEY, keys.pageTemplate(id, pages[i]), hashes[i].bytes());
    }
  }

  /**
   * Touches the content-index entry of each hash ({@code now || <vs>}): content GC keeps content
   * touched recently or after its own start (reference §8.2). Never touch a hash whose entry this
   * transaction must still read.
   */
  void touchContents(
      KvTransaction tr, Version id, Collection<PageHash> hashes, boolean withoutConflictRanges) {
    byte[] value = KeyCodec.contentIndexValueTemplate(ctx.nowSecs());
    for (PageHash h : hashes) {
      if (withoutConflictRanges) {
        tr.setNextWriteNoWriteConflictRange();
      }
      tr.mutate(MutationType.SET_VERSIONSTAMPED_VALUE, keys.contentIndex(id, h), value);
    }
  }

  /**
   * What every namespace a commit writes gets: {@code LWV = idem || <vs>}, {@code changelog(<vs>)},
   * the idempotency record {@code k(idem) = <vs>}, and the release of the commit's transaction
   * lease.
   */
  void writeHead(KvTransaction tr, Version id, CommitPlan plan, NamespacePlan ns) {
    tr.mutate(
        MutationType.SET_VERSIONSTAMPED_VALUE,
        keys.lastWriteVersion(id),
        KeyCodec.lastWriteVersionTemplate(plan.idempotencyKey()));
    tr.mutate(
        MutationType.SET_VERSIONSTAMPED_KEY,
        keys.changelogTemplate(id),
        changelogValue(ns.pages()));
    tr.mutate(
        MutationType.SET_VERSIONSTAMPED_VALUE,
        keys.idempotency(id, plan.idempotencyKey()),
        KeyCodec.versionstampValueTemplate());
    if (plan.lease() != null) {
      ctx.leases().release(tr, id, plan.lease());
    }
  }

  /**
   * The changelog entry for {@code sortedPages} (sorted, distinct): the list, or "unknown" from 500
   * pages on.
   */
  static byte[] changelogValue(int[] sortedPages) {
    return sortedPages.length >= CHANGELOG_MAX_PAGES
        ? KeyCodec.changelogUnknownValue()
        : KeyCodec.changelogValue(sortedPages);
  }
}
