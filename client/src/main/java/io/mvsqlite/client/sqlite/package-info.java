/**
 * The FFM binding between Java and a native SQLite: the only package of mvSQLite that imports
 * {@code java.lang.foreign}.
 *
 * <ul>
 *   <li>{@link io.mvsqlite.client.sqlite.SqliteBinding}: the entry point, one per loaded SQLite
 *       copy, either sqlite-jdbc's bundled library (its hidden API captured in pure Java) or a
 *       native {@code libsqlite3};
 *   <li>{@link io.mvsqlite.client.sqlite.SqliteApi}: SQLite's C functions as downcalls;
 *   <li>{@link io.mvsqlite.client.sqlite.VfsRegistrar}: registers a pure-Java {@link
 *       io.mvsqlite.client.vfs.VirtualFileSystem} as a {@code sqlite3_vfs};
 *   <li>{@link io.mvsqlite.client.sqlite.SqlFunctions}: Java scalar SQL functions, per connection
 *       or on every new connection;
 *   <li>{@link io.mvsqlite.client.sqlite.FileHandles} and {@link
 *       io.mvsqlite.client.sqlite.JdbcHandles}: from a connection to its {@code sqlite3*} and to
 *       the Java file behind a schema.
 * </ul>
 *
 * <p>Native structs and upcall stubs live in {@code Arena.global()}: SQLite keeps pointers to them
 * for as long as any connection is open, which no Java scope can bound. No exception ever leaves an
 * upcall (the JVM would exit); VFS failures become {@code SQLITE_IOERR_*} codes in {@code
 * UpcallFailures}. See {@code docs/sqlite-binding.md}.
 */
package io.mvsqlite.client.sqlite;
