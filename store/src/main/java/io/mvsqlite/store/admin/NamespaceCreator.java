package io.mvsqlite.store.admin;

import io.mvsqlite.kv.CommitResult;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.kv.TransactionRunner;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.NamespaceMetadata.OverlayBase;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.meta.MetadataCache;
import io.mvsqlite.store.meta.NamespaceDirectory;
import io.mvsqlite.store.meta.NamespaceHead;
import io.mvsqlite.store.meta.NsmdCodec;

/**
 * Creates namespaces and forks (reference §4 create_namespace, §9). The namespace id is the
 * versionstamp of the creating commit: nsmd is written with a versionstamped key, the nskey with a
 * versionstamped value, and a fork's reverse index {@code overlay_ref(base, child)} with a
 * versionstamped key.
 *
 * <p>For a fork (fixing reference §16.6) the base must exist, must not itself be a fork (reads
 * follow one overlay level, so a fork of a fork would silently miss the grandparent's pages), must
 * not be locked, and the snapshot must lie between the base's truncation watermark and its head.
 * The base's metadata is read with a read conflict and its overlay_ref range is what a concurrent
 * delete of the base reads, so neither can race with the fork.
 *
 * <p>Runs through the retry runner. A creation whose commit outcome was unknown and that is retried
 * reports {@link ErrorCode#NAMESPACE_EXISTS} (the reference behaves the same). Thread-safe.
 */
public final class NamespaceCreator implements NamespaceDirectory.AutoCreator {

  private final KvStore kv;
  private final KeyCodec keys;
  private final MetadataCache metadata;
  private final TransactionRunner runner;

  public NamespaceCreator(
      KvStore kv, KeyCodec keys, MetadataCache metadata, TransactionRunner runner) {
    this.kv = kv;
    this.keys = keys;
    this.metadata = metadata;
    this.runner = runner;
  }

  /** Creates {@code key}, a fork of {@code overlay} when non-null; returns the new namespace id. */
  public Version create(String key, OverlayBase overlay) {
    NamespaceRef.of(key);
    return runner.runWithCommit(
        kv,
        tr -> {
          if (tr.get(keys.nskey(key)) != null) {
            throw new MvException(ErrorCode.NAMESPACE_EXISTS, "this key already exists");
          }
          prepare(tr, key, overlay);
          return idOf(tr.commit());
        });
  }

  /**
   * Forks {@code baseKey} at {@code version} ({@code null}: its head) into the new namespace {@code
   * newKey}.
   */
  public Version fork(String baseKey, Version version, String newKey) {
    NamespaceRef.of(newKey);
    return runner.runWithCommit(
        kv,
        tr -> {
          byte[] baseId = tr.get(keys.nskey(baseKey));
          if (baseId == null) {
            throw new MvException(ErrorCode.NAMESPACE_NOT_FOUND, "base key does not exist");
          }
          if (tr.get(keys.nskey(newKey)) != null) {
            throw new MvException(ErrorCode.NAMESPACE_EXISTS, "this key already exists");
          }
          Version base = new Version(baseId);
          Version snapshot =
              version != null ? version : NamespaceHead.read(tr.snapshot(), keys, base);
          prepare(tr, newKey, new OverlayBase(base, snapshot));
          return idOf(tr.commit());
        });
  }

  @Override
  public Version getOrCreate(String key) {
    return runner.runWithCommit(
        kv,
        tr -> {
          byte[] existing = tr.get(keys.nskey(key));
          if (existing != null) {
            return new Version(existing);
          }
          prepare(tr, key, null);
          return idOf(tr.commit());
        });
  }

  private void prepare(KvTransaction tr, String key, OverlayBase overlay) {
    if (overlay != null) {
      checkBase(tr, overlay);
    }
    tr.mutate(
        MutationType.SET_VERSIONSTAMPED_KEY,
        keys.nsmdTemplate(),
        NsmdCodec.encode(new NamespaceMetadata(null, overlay, null, 0)));
    tr.mutate(
        MutationType.SET_VERSIONSTAMPED_VALUE,
        keys.nskey(key),
        KeyCodec.versionstampValueTemplate());
    if (overlay != null) {
      tr.mutate(
          MutationType.SET_VERSIONSTAMPED_KEY,
          keys.overlayRefTemplate(overlay.nsId()),
          overlay.snapshotVersion().bytes());
    }
  }

  private void checkBase(KvTransaction tr, OverlayBase overlay) {
    if (overlay.nsId() == null || overlay.snapshotVersion() == null) {
      throw new MvException(
          ErrorCode.MALFORMED_REQUEST, "overlay_base needs ns_id and snapshot_version");
    }
    NamespaceMetadata base = metadata.find(tr, overlay.nsId());
    if (base == null) {
      throw new MvException(ErrorCode.NAMESPACE_NOT_FOUND, "base namespace does not exist");
    }
    if (base.overlayBase() != null) {
      throw new MvException(
          ErrorCode.MALFORMED_REQUEST,
          "base namespace is itself a fork; forks of forks are not supported");
    }
    if (base.lock() != null) {
      throw new MvException(ErrorCode.BASE_LOCKED, "base namespace is locked");
    }
    Version snapshot = overlay.snapshotVersion();
    if (base.truncatedBefore() != null && snapshot.isBefore(base.truncatedBefore())) {
      throw new MvException(
          ErrorCode.BASE_TRUNCATED,
          "base namespace has been truncated past the requested snapshot_version");
    }
    if (snapshot.isAfter(NamespaceHead.read(tr.snapshot(), keys, overlay.nsId()))) {
      throw new MvException(
          ErrorCode.BAD_VERSION, "snapshot_version is newer than the base namespace's head");
    }
  }

  private static Version idOf(CommitResult result) {
    return new Version(result.versionstamp().toBytes());
  }
}
