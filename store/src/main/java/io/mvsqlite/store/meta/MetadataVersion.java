package io.mvsqlite.store.meta;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KvFutures;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.kv.SystemKeys;
import io.mvsqlite.store.keys.KeyCodec;

/**
 * FoundationDB's metadata version ({@code \xff/metadataVersion}): a cluster-wide stamp that every
 * change of namespace metadata, or of the namespace directory, bumps. Caches keyed by it can never
 * serve an entry older than the transaction reading them (reference §12.1).
 *
 * <p>A transaction that bumps it can no longer read it (the value depends on its own versionstamp),
 * so read it, and everything cached under it, before {@link #bump}. Stateless and thread-safe.
 */
public final class MetadataVersion {

  private MetadataVersion() {}

  /**
   * The metadata version at {@code tr}'s read version, as a cache-key string, or {@code null} when
   * there is none (never bumped, or, on FoundationDB, unknown for an explicitly set read version):
   * then callers must not use their caches. A snapshot read: a change of the stamp alone must not
   * make {@code tr} conflict.
   */
  public static String read(KvTransaction tr) {
    byte[] v = KvFutures.join(tr.snapshot().getAsync(KeyCodec.METADATA_VERSION_KEY));
    return v == null ? null : Bytes.hex(v);
  }

  /** Bumps the metadata version when {@code tr} commits. */
  public static void bump(KvTransaction tr) {
    tr.mutate(
        MutationType.SET_VERSIONSTAMPED_VALUE,
        KeyCodec.METADATA_VERSION_KEY,
        SystemKeys.metadataVersionParam());
  }
}
