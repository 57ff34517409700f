/**
 * A key-value SPI shaped like FoundationDB.
 *
 * <p>The mvstore engine is written once against this package and runs unchanged on every backend:
 * the embedded RocksDB store ({@code kv-rocksdb}) and a FoundationDB cluster ({@code kv-fdb}).
 * Every backend gives exactly FoundationDB's transaction semantics, which the contract suite
 * ({@code KvStoreContract} in this module's test-jar) pins down:
 *
 * <ul>
 *   <li>keys are unsigned-lexicographically ordered byte strings;
 *   <li>a transaction reads one consistent snapshot at its read version, sees its own writes, and
 *       commits only if no key or range it read serializably was written by a transaction that
 *       committed after its read version;
 *   <li>snapshot reads ({@link io.mvsqlite.kv.KvTransaction#snapshot()}) add no read conflict
 *       ranges;
 *   <li>commit versions strictly increase; each commit has a 10-byte {@link
 *       io.mvsqlite.kv.Versionstamp};
 *   <li>errors are {@link io.mvsqlite.kv.KvException}s whose {@link io.mvsqlite.kv.KvError} says
 *       whether a retry can succeed.
 * </ul>
 *
 * <p>Retry loops are written once, in {@link io.mvsqlite.kv.TransactionRunner}.
 */
package io.mvsqlite.kv;
