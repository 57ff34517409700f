/**
 * Namespace metadata: key &rarr; id resolution with the hashproof rule ({@link
 * io.mvsqlite.store.meta.NamespaceDirectory}), nsmd through a cache keyed by FoundationDB's
 * metadata version ({@link io.mvsqlite.store.meta.MetadataCache}), namespace heads, and the
 * lease-based {@link io.mvsqlite.store.meta.DistributedLock} of background tasks.
 */
package io.mvsqlite.store.meta;
