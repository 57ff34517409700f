/**
 * mvstore, the HTTP server of mvSQLite: its command line ({@link
 * io.mvsqlite.server.MvstoreCommand}), its immutable configuration ({@link
 * io.mvsqlite.server.MvstoreConfig}), the store it serves ({@link io.mvsqlite.server.StoreBackend}:
 * RocksDB or FoundationDB under the engine) and the listeners ({@link
 * io.mvsqlite.server.MvstoreServer}). The HTTP endpoints are in {@code io.mvsqlite.server.http};
 * docs/http-api.md describes the API.
 */
package io.mvsqlite.server;
