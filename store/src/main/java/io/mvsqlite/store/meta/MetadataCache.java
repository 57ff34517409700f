package io.mvsqlite.store.meta;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mvsqlite.kv.KvFutures;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.keys.KeyCodec;
import java.time.Duration;
import java.util.Arrays;

/**
 * Namespace metadata (nsmd) read through a cache keyed by (metadata version, namespace id), exactly
 * as the reference (§12.1, §17): the metadata version is read with a snapshot read in the caller's
 * transaction, and every read adds a read conflict on the nsmd key, cached or not. So the answer is
 * the one at the transaction's read version, and a transaction that acted on metadata conflicts
 * with any concurrent change of it (nsmd is the synchronization point of locks, rollbacks,
 * truncation watermarks and staged commits).
 *
 * <p>Every write of nsmd goes through {@link #put} or {@link #delete}, which bump the metadata
 * version. Read before writing: after a bump the transaction cannot read the metadata version any
 * more.
 *
 * <p>Absent metadata is never cached (a namespace created later gets its id from that very commit,
 * so a cached absence could hide it), and nothing is cached while the metadata version is unknown.
 * Thread-safe.
 */
public final class MetadataCache {

  private record Key(String metadataVersion, Version ns) {}

  private final KeyCodec keys;
  private final Cache<Key, NamespaceMetadata> cache =
      Caffeine.newBuilder().maximumSize(1000).expireAfterAccess(Duration.ofSeconds(30)).build();

  private record Decoded(byte[] raw, NamespaceMetadata md) {}

  private final Cache<Version, Decoded> decoded =
      Caffeine.newBuilder().maximumSize(1000).expireAfterAccess(Duration.ofSeconds(30)).build();

  public MetadataCache(KeyCodec keys) {
    this.keys = keys;
  }

  /**
   * The metadata of {@code ns}, {@link NamespaceMetadata#EMPTY} if it has none. Adds a read
   * conflict on it.
   */
  public NamespaceMetadata get(KvTransaction tr, Version ns) {
    NamespaceMetadata md = find(tr, ns);
    return md == null ? NamespaceMetadata.EMPTY : md;
  }

  /**
   * The metadata of {@code ns}, or {@code null} if it has none (no such namespace). Adds a read
   * conflict on it.
   */
  public NamespaceMetadata find(KvTransaction tr, Version ns) {
    byte[] key = keys.nsmd(ns);
    tr.addReadConflictKey(key);
    String stamp = MetadataVersion.read(tr);
    Key cacheKey = stamp == null ? null : new Key(stamp, ns);
    NamespaceMetadata cached = cacheKey == null ? null : cache.getIfPresent(cacheKey);
    if (cached != null) {
      return cached;
    }
    byte[] value = KvFutures.join(tr.snapshot().getAsync(key));
    if (value == null) {
      return null;
    }
    NamespaceMetadata md = decode(ns, value);
    if (cacheKey != null) {
      cache.put(cacheKey, md);
    }
    return md;
  }

  /**
   * Decodes nsmd, reusing the last decoding of the same bytes: without a metadata version (a store
   * whose metadata never changed) every read of every page batch would parse JSON again.
   */
  private NamespaceMetadata decode(Version ns, byte[] value) {
    Decoded last = decoded.getIfPresent(ns);
    if (last != null && Arrays.equals(last.raw(), value)) {
      return last.md();
    }
    NamespaceMetadata md = NsmdCodec.decode(value);
    decoded.put(ns, new Decoded(value, md));
    return md;
  }

  /** Writes the metadata of {@code ns} and bumps the metadata version. */
  public void put(KvTransaction tr, Version ns, NamespaceMetadata md) {
    tr.set(keys.nsmd(ns), NsmdCodec.encode(md));
    MetadataVersion.bump(tr);
  }

  /** Removes the metadata of {@code ns} and bumps the metadata version. */
  public void delete(KvTransaction tr, Version ns) {
    tr.clear(keys.nsmd(ns));
    MetadataVersion.bump(tr);
  }
}
