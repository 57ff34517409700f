/**
 * Uploads: the {@link io.mvsqlite.store.write.WriteApplier} shared by {@code /batch/write} and
 * commit fast writes, XOR-delta decisions, {@code /batch/write} itself ({@link
 * io.mvsqlite.store.write.BatchWriter}) and transaction leases ({@link
 * io.mvsqlite.store.write.LeaseManager}, docs/gc.md).
 */
package io.mvsqlite.store.write;
