/**
 * The mvstore engine as a library: {@link io.mvsqlite.store.MvStore} opens it over a {@link
 * io.mvsqlite.kv.KvStore} with an immutable {@link io.mvsqlite.store.StoreConfig} and exposes the
 * data plane ({@link io.mvsqlite.store.KvPageStore}) and the namespace admin API. KV failures
 * become {@code MvException}s in one place, {@link io.mvsqlite.store.KvErrors}.
 *
 * <p>Subpackages, one concern each: {@code keys} (every stored byte layout), {@code content}
 * (hashing, encoding, cache), {@code meta} (namespace directory, metadata cache, distributed lock),
 * {@code read} (read path, stat, changelog intervals), {@code write} (uploads, deltas, leases),
 * {@code time} (time-to-version, timekeeper), {@code admin} (namespace life cycle), and the
 * collaborators {@code commit} (the commit engine, its three paths and the background merger of
 * staged commits) and {@code lock}.
 */
package io.mvsqlite.store;
