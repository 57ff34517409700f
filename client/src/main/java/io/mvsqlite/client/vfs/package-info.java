/**
 * The Java side of a SQLite VFS, in pure Java: {@link io.mvsqlite.client.vfs.VirtualFileSystem}
 * (SQLite's {@code sqlite3_vfs}) and {@link io.mvsqlite.client.vfs.VirtualFile} (its {@code
 * sqlite3_io_methods}), the failure type {@link io.mvsqlite.client.vfs.VfsException}, and {@link
 * io.mvsqlite.client.vfs.MemoryFile}, an in-heap file used for mvSQLite's journals and temp files
 * and by the in-memory test VFS.
 *
 * <p>mvSQLite's VFS lives here too: {@link io.mvsqlite.client.vfs.MvVfs} (names, URI parameters,
 * which files are namespaces) and {@link io.mvsqlite.client.vfs.MvFile} (SQLite's lock levels,
 * reads, writes and syncs mapped onto an {@code io.mvsqlite.client.txn.MvConnection}; the commit
 * point).
 *
 * <p>This package never imports {@code java.lang.foreign}. The FFM adapter that registers an
 * implementation into a native SQLite lives in {@code io.mvsqlite.client.sqlite}; see {@code
 * docs/sqlite-binding.md}.
 *
 * <p>The semantics are SQLite's, as in {@code os_unix.c} and {@code test_demovfs.c}: short reads
 * zero-fill the rest of the buffer and report {@code SQLITE_IOERR_SHORT_READ}; a {@code null} name
 * opens a temporary file that is deleted on close; lock levels go NONE, SHARED, RESERVED, PENDING,
 * EXCLUSIVE; failures carry SQLite result codes.
 */
package io.mvsqlite.client.vfs;
