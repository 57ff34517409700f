/**
 * The mvSQLite client's entry points: {@link io.mvsqlite.client.MvSqlite} installs the {@code
 * mvsqlite} VFS into sqlite-jdbc's SQLite, configured by {@link io.mvsqlite.client.ClientConfig}
 * (names of every setting in {@link io.mvsqlite.client.Setting}). {@link
 * io.mvsqlite.client.NativeHost} is the Java side of the LD_PRELOAD shim and {@link
 * io.mvsqlite.client.AutocommitRetry} the drop-ins' retry rule (docs/drop-in.md). The pieces:
 * {@code transport} (how pages are reached), {@code txn} (transactions, caching, uploads, prefetch;
 * SQLite-agnostic), {@code vfs} (the VFS itself) and {@code sqlite} (the FFM binding). See
 * docs/client.md.
 */
package io.mvsqlite.client;
