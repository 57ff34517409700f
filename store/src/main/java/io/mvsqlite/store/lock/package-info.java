/**
 * Namespace locks and rollback (reference §10, docs/nslock.md): the {@link
 * io.mvsqlite.store.lock.NamespaceLocks} collaborator of the facade and its KV implementation
 * {@link io.mvsqlite.store.lock.KvNamespaceLocks}. Distinct from {@link
 * io.mvsqlite.store.meta.DistributedLock}, the lease lock that background tasks take.
 */
package io.mvsqlite.store.lock;
