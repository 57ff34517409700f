package io.mvsqlite.store.meta;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mvsqlite.kv.KvFutures;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.keys.KeyCodec;
import java.time.Duration;

/**
 * Resolves namespace keys to namespace ids (reference §1.4), through a cache keyed by (metadata
 * version, key).
 *
 * <p>Differences from the reference, all compatible:
 *
 * <ul>
 *   <li>§16.3: the reference caches key &rarr; id for up to 120 s, so a deleted or renamed key
 *       keeps resolving. Here the cache key includes the metadata version, which delete and rename
 *       bump, and every resolution adds a read conflict on the nskey key, so a write that raced
 *       with a delete or rename conflicts instead of writing into a namespace under a name it no
 *       longer has.
 *   <li>§16.8: a failed hashproof is always a clean {@link ErrorCode#NAMESPACE_NOT_FOUND} and never
 *       triggers auto-creation; auto-creation happens only for a key whose proof was accepted, and
 *       returns the created id directly instead of looking it up again.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class NamespaceDirectory {

  /**
   * Creates a namespace, or finds it if it already exists (for {@code --auto-create-namespace}).
   */
  @FunctionalInterface
  public interface AutoCreator {
    /** The id of namespace {@code key}, creating it if absent. Runs its own KV transaction(s). */
    Version getOrCreate(String key);
  }

  private record Key(String metadataVersion, String nsKey) {}

  private final KeyCodec keys;
  private final AutoCreator autoCreator;
  private final Cache<Key, Version> cache =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofSeconds(30)).build();

  /**
   * @param autoCreator used for unknown keys when auto-creation is on, or {@code null} when it is
   *     off
   */
  public NamespaceDirectory(KeyCodec keys, AutoCreator autoCreator) {
    this.keys = keys;
    this.autoCreator = autoCreator;
  }

  /**
   * The id of the namespace a data-plane client names, checked against its hashproof, at {@code
   * tr}'s read version. Adds a read conflict on the nskey key. An auto-created namespace is newer
   * than {@code tr}'s read version: callers must not expect to find its keys through {@code tr} (it
   * is empty anyway).
   *
   * @throws MvException {@link ErrorCode#NAMESPACE_NOT_FOUND} for an unknown key or a rejected
   *     proof
   */
  public Version resolve(KvTransaction tr, NamespaceRef ref) {
    if (!Hashproof.accepts(ref.key(), ref.hashproof())) {
      throw notFound();
    }
    Version id = find(tr, ref.key());
    if (id != null) {
      return id;
    }
    if (autoCreator == null) {
      throw notFound();
    }
    return autoCreator.getOrCreate(ref.key());
  }

  /**
   * The id of {@code key} at {@code tr}'s read version, or {@code null}; no hashproof check (admin
   * use). Adds a read conflict on the nskey key.
   */
  public Version find(KvTransaction tr, String key) {
    byte[] nskey = keys.nskey(key);
    tr.addReadConflictKey(nskey);
    String stamp = MetadataVersion.read(tr);
    Key cacheKey = stamp == null ? null : new Key(stamp, key);
    Version cached = cacheKey == null ? null : cache.getIfPresent(cacheKey);
    if (cached != null) {
      return cached;
    }
    byte[] value = KvFutures.join(tr.snapshot().getAsync(nskey));
    if (value == null) {
      return null;
    }
    if (value.length != Version.LENGTH) {
      throw new MvException(
          ErrorCode.DATA_CORRUPT, "a namespace key maps to a malformed namespace id");
    }
    Version id = new Version(value);
    if (cacheKey != null) {
      cache.put(cacheKey, id);
    }
    return id;
  }

  private static MvException notFound() {
    return new MvException(ErrorCode.NAMESPACE_NOT_FOUND, "namespace not found");
  }
}
