package io.mvsqlite.store;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.keys.KeyCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * TEST HELPER ONLY, not the commit protocol: writes page-index entries, the last-write version and
 * a changelog entry the way a committed transaction leaves them (docs/commit-protocol.md, path 1),
 * without any conflict checks, so that read-path, GC and lock tests control exactly what is stored.
 * Also publishes and merges staged commits (path 3) by writing their {@code b} and {@code s}
 * records directly, so tests can stop between the steps. The commit engine itself ({@code
 * KvCommitEngine}, the engine's default) is tested through {@code pages.commit} in {@code
 * io.mvsqlite.store.commit}.
 */
public final class TestCommits {

  private static final int CHANGELOG_UNKNOWN_THRESHOLD = 500;

  private final StoreContext ctx;
  private final KeyCodec keys;

  public TestCommits(StoreContext ctx) {
    this.ctx = ctx;
    this.keys = ctx.keys();
  }

  /** Uploads {@code pages} and publishes them as one commit; returns the commit's version. */
  public Version commit(Version ns, Map<Integer, byte[]> pages) {
    return ctx.runner()
        .runWithCommit(
            ctx.kv(),
            tr -> {
              SortedMap<Integer, PageHash> hashes = upload(tr, ns, pages);
              for (Map.Entry<Integer, PageHash> e : hashes.entrySet()) {
                tr.mutate(
                    MutationType.SET_VERSIONSTAMPED_KEY,
                    keys.pageTemplate(ns, e.getKey()),
                    e.getValue().bytes());
              }
              publishHead(
                  tr,
                  ns,
                  changelog(hashes.keySet().stream().mapToInt(Integer::intValue).toArray()));
              return versionOf(tr);
            });
  }

  /** One page, one commit. */
  public Version commit(Version ns, int page, byte[] data) {
    return commit(ns, Map.of(page, data));
  }

  /**
   * Stages {@code pages} under {@code commitId} (uploads and {@code s} entries) and publishes the
   * staged commit ({@code b} record, last-write version, changelog "unknown", {@code
   * nsmd.staged_commits + 1}); returns its version.
   */
  public Version publishStaged(Version ns, byte[] commitId, Map<Integer, byte[]> pages) {
    ctx.runner()
        .run(
            ctx.kv(),
            tr -> {
              for (Map.Entry<Integer, PageHash> e : upload(tr, ns, pages).entrySet()) {
                tr.set(keys.stagedEntry(ns, commitId, e.getKey()), e.getValue().bytes());
              }
              return null;
            });
    return ctx.runner()
        .runWithCommit(
            ctx.kv(),
            tr -> {
              NamespaceMetadata md = ctx.metadata().get(tr, ns);
              tr.mutate(
                  MutationType.SET_VERSIONSTAMPED_KEY, keys.stagedCommitTemplate(ns), commitId);
              publishHead(tr, ns, KeyCodec.changelogUnknownValue());
              ctx.metadata().put(tr, ns, md.withStagedCommits(md.stagedCommits() + 1));
              tr.set(keys.stagedNamespace(ns), new byte[0]);
              return versionOf(tr);
            });
  }

  /**
   * Copies the staged entries of a published staged commit into the page index (merge, before
   * finishing).
   */
  public void mergeStagedEntries(Version ns, Version version, byte[] commitId) {
    ctx.runner()
        .run(
            ctx.kv(),
            tr -> {
              for (KeyValue e : stagedEntries(tr, ns, commitId)) {
                tr.set(keys.page(ns, keys.decodeStagedEntryPage(e.key()), version), e.value());
              }
              return null;
            });
  }

  /**
   * Finishes a merge: removes the {@code b} record and the staged entries, decrements {@code
   * staged_commits}.
   */
  public void finishStaged(Version ns, Version version, byte[] commitId) {
    ctx.runner()
        .run(
            ctx.kv(),
            tr -> {
              NamespaceMetadata md = ctx.metadata().get(tr, ns);
              tr.clear(keys.stagedCommit(ns, version));
              byte[] prefix = keys.stagedEntriesPrefix(ns, commitId);
              tr.clearRange(prefix, Bytes.strinc(prefix));
              ctx.metadata().put(tr, ns, md.withStagedCommits(md.stagedCommits() - 1));
              return null;
            });
  }

  private List<KeyValue> stagedEntries(KvTransaction tr, Version ns, byte[] commitId) {
    byte[] prefix = keys.stagedEntriesPrefix(ns, commitId);
    return tr.getRange(prefix, Bytes.strinc(prefix));
  }

  private SortedMap<Integer, PageHash> upload(
      KvTransaction tr, Version ns, Map<Integer, byte[]> pages) {
    SortedMap<Integer, byte[]> sorted = new TreeMap<>(pages);
    List<PageWrite> writes = new ArrayList<>();
    for (byte[] data : sorted.values()) {
      writes.add(new PageWrite(data, null));
    }
    List<PageHash> hashes = ctx.newWriteApplier(tr, ns).apply(writes);
    SortedMap<Integer, PageHash> out = new TreeMap<>();
    int i = 0;
    for (Integer page : sorted.keySet()) {
      out.put(page, hashes.get(i++));
    }
    return out;
  }

  private void publishHead(KvTransaction tr, Version ns, byte[] changelog) {
    tr.mutate(
        MutationType.SET_VERSIONSTAMPED_VALUE,
        keys.lastWriteVersion(ns),
        KeyCodec.lastWriteVersionTemplate(IdempotencyKey.random()));
    tr.mutate(MutationType.SET_VERSIONSTAMPED_KEY, keys.changelogTemplate(ns), changelog);
  }

  private static byte[] changelog(int[] sortedPages) {
    return sortedPages.length >= CHANGELOG_UNKNOWN_THRESHOLD
        ? KeyCodec.changelogUnknownValue()
        : KeyCodec.changelogValue(sortedPages);
  }

  private static Version versionOf(KvTransaction tr) {
    return new Version(tr.commit().versionstamp().toBytes());
  }
}
