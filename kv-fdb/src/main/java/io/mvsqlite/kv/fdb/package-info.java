/**
 * The FoundationDB backend of the KV SPI: {@link io.mvsqlite.kv.fdb.FdbKvStore} over the official
 * {@code fdb-java} binding (API version 730).
 *
 * <p>This is the only package of the project that imports {@code com.apple.foundationdb}. Every
 * FoundationDB error is translated in one place ({@code FdbErrors}), so no {@code FDBException}
 * leaves this package, neither thrown nor inside a future.
 *
 * <p>What it leaves out: FoundationDB's own retry loop ({@code Transaction.onError}) is not used;
 * retries are the business of {@link io.mvsqlite.kv.TransactionRunner}, which gives each attempt a
 * fresh transaction. Tenants, watches, key selectors and the directory layer are not exposed
 * because the store does not need them.
 *
 * <p>The native client library ({@code libfdb_c}) is not bundled: it comes with FoundationDB's
 * client packages.
 */
package io.mvsqlite.kv.fdb;
