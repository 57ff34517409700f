package io.mvsqlite.store.admin;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.TransactionRunner;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.NamespaceInfo;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.KvErrors;
import io.mvsqlite.store.gc.HistoryTasks;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.meta.MetadataCache;
import io.mvsqlite.store.meta.MetadataVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The namespace part of the admin API over the KV store (reference §4): create, fork, rename,
 * delete, list, stat. Each operation runs through the retry runner; failures are {@link
 * MvException}s ({@link KvErrors}).
 *
 * <ul>
 *   <li><b>rename</b> and <b>delete</b> bump the metadata version, so no cache anywhere keeps
 *       resolving the old key (reference §16.3).
 *   <li><b>delete</b> refuses a namespace with forks ({@link ErrorCode#NAMESPACE_HAS_CHILDREN}; the
 *       overlay_ref range is read with a read conflict, so a concurrent fork conflicts) and removes
 *       everything the namespace owns: its data range, nskey, nsmd, its overlay_ref under its base,
 *       and also its commit token, rollback cursor, task locks, transaction leases and
 *       staged-namespace marker, which the reference leaves behind (§16.16).
 *   <li><b>list</b> pages through the keys 100 per transaction with snapshot reads (not one
 *       consistent snapshot, as in the reference); the sink is called outside any transaction, once
 *       per namespace.
 *   <li><b>truncate</b> checks the min-age policy, then runs {@code gc.VersionTruncator};
 *       <b>content GC</b> runs {@code gc.ContentCollector}. Both resolve the key first ({@link
 *       ErrorCode#NAMESPACE_NOT_FOUND} "this key does not exist") and run in the caller's thread; a
 *       dry run ({@code apply = false}) writes nothing.
 * </ul>
 *
 * <p>On a read-only store, create, fork, rename, delete, truncate and content GC fail with {@link
 * ErrorCode#READ_ONLY}. Thread-safe.
 */
public final class KvNamespaceAdmin implements NamespaceAdmin {

  private static final int LIST_PAGE_SIZE = 100;

  private final KvStore kv;
  private final KeyCodec keys;
  private final MetadataCache metadata;
  private final NamespaceCreator creator;
  private final TransactionRunner runner;
  private final boolean readOnly;
  private final HistoryTasks history;

  public KvNamespaceAdmin(
      KvStore kv,
      KeyCodec keys,
      MetadataCache metadata,
      NamespaceCreator creator,
      TransactionRunner runner,
      boolean readOnly,
      HistoryTasks history) {
    this.kv = kv;
    this.keys = keys;
    this.metadata = metadata;
    this.creator = creator;
    this.runner = runner;
    this.readOnly = readOnly;
    this.history = history;
  }

  @Override
  public void create(String key, NamespaceMetadata.OverlayBase overlayBase) {
    checkWritable();
    KvErrors.translating(() -> creator.create(key, overlayBase));
  }

  @Override
  public void fork(String baseKey, Version version, String newKey) {
    checkWritable();
    KvErrors.translating(() -> creator.fork(baseKey, version, newKey));
  }

  @Override
  public void rename(String oldKey, String newKey) {
    checkWritable();
    NamespaceRef.of(newKey);
    KvErrors.translating(
        () ->
            runner.run(
                kv,
                tr -> {
                  if (tr.get(keys.nskey(newKey)) != null) {
                    throw new MvException(ErrorCode.NAMESPACE_EXISTS, "new key already exists");
                  }
                  byte[] id = tr.get(keys.nskey(oldKey));
                  if (id == null) {
                    throw new MvException(ErrorCode.NAMESPACE_NOT_FOUND, "old key does not exist");
                  }
                  tr.clear(keys.nskey(oldKey));
                  tr.set(keys.nskey(newKey), id);
                  MetadataVersion.bump(tr);
                  return null;
                }));
  }

  @Override
  public void delete(String key) {
    checkWritable();
    KvErrors.translating(
        () ->
            runner.run(
                kv,
                tr -> {
                  deleteIn(tr, key);
                  return null;
                }));
  }

  private void deleteIn(KvTransaction tr, String key) {
    Version ns = idOrNotFound(tr.get(keys.nskey(key)));
    byte[][] children = keys.overlayRefRange(ns);
    if (!tr.getRange(children[0], children[1], 1, false).isEmpty()) {
      throw new MvException(
          ErrorCode.NAMESPACE_HAS_CHILDREN, "namespace has overlay children and cannot be deleted");
    }
    NamespaceMetadata md = metadata.find(tr, ns);
    if (md != null && md.overlayBase() != null) {
      tr.clear(keys.overlayRef(md.overlayBase().nsId(), ns));
    }
    clearRange(tr, keys.namespaceDataRange(ns));
    clearRange(tr, keys.nstaskRange(ns));
    clearRange(tr, keys.leaseRange(ns));
    tr.clear(keys.nskey(key));
    tr.clear(keys.commitToken(ns));
    tr.clear(keys.rollbackCursor(ns));
    tr.clear(keys.stagedNamespace(ns));
    metadata.delete(tr, ns);
  }

  @Override
  public void list(String prefix, Consumer<NamespaceInfo> sink) {
    byte[][] range = keys.nskeyRange(prefix == null ? "" : prefix);
    byte[] begin = range[0];
    while (true) {
      byte[] from = begin;
      List<NamespaceInfo> page =
          KvErrors.translating(
              () ->
                  runner.run(
                      kv,
                      tr -> {
                        List<NamespaceInfo> out = new ArrayList<>();
                        for (KeyValue e :
                            tr.snapshot().getRange(from, range[1], LIST_PAGE_SIZE, false)) {
                          Version id = idOrNotFound(e.value());
                          NamespaceMetadata md = metadata.get(tr, id);
                          out.add(new NamespaceInfo(keys.decodeNskey(e.key()), id, md));
                        }
                        return out;
                      }));
      page.forEach(sink);
      if (page.size() < LIST_PAGE_SIZE) {
        return;
      }
      begin = Bytes.keyAfter(keys.nskey(page.getLast().key()));
    }
  }

  @Override
  public NamespaceInfo stat(String key) {
    return KvErrors.translating(
        () ->
            runner.run(
                kv,
                tr -> {
                  Version id = idOrNotFound(tr.snapshot().get(keys.nskey(key)));
                  return new NamespaceInfo(key, id, metadata.get(tr, id));
                }));
  }

  @Override
  public long truncate(String key, Version before, boolean apply, LongConsumer progress) {
    checkWritable();
    if (before == null) {
      throw new MvException(ErrorCode.BAD_VERSION, "a truncation needs a before_version");
    }
    return KvErrors.translating(
        () -> {
          Version ns = resolve(key);
          history.policy().check(before);
          return history.truncator().truncate(ns, before, apply, progress).pageVersionsDeleted();
        });
  }

  @Override
  public long deleteUnreferencedContent(String key, boolean apply, LongConsumer progress) {
    checkWritable();
    return KvErrors.translating(
        () -> history.contents().collect(resolve(key), apply, progress).contentsDeleted());
  }

  private Version resolve(String key) {
    return runner.run(kv, tr -> idOrNotFound(tr.snapshot().get(keys.nskey(key))));
  }

  private static Version idOrNotFound(byte[] id) {
    if (id == null) {
      throw new MvException(ErrorCode.NAMESPACE_NOT_FOUND, "this key does not exist");
    }
    if (id.length != Version.LENGTH) {
      throw new MvException(
          ErrorCode.DATA_CORRUPT, "a namespace key maps to a malformed namespace id");
    }
    return new Version(id);
  }

  private static void clearRange(KvTransaction tr, byte[][] range) {
    tr.clearRange(range[0], range[1]);
  }

  private void checkWritable() {
    if (readOnly) {
      throw new MvException(ErrorCode.READ_ONLY, "this mvstore is a read-only replica");
    }
  }
}
