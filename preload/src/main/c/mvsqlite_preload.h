/*
 * libmvsqlite_preload.so: mvSQLite for native programs through LD_PRELOAD (docs/drop-in.md).
 *
 * shim.c            the interposed sqlite3_open*, sqlite3_step; the once-only start; the autocommit retry
 * jvm_start.c       finding a JDK 25 and mvSQLite's classes, creating the JVM, calling io.mvsqlite.client.NativeHost
 * unavailable_vfs.c the VFS that fails opens with SQLITE_CANTOPEN when mvSQLite could not be started
 */
#ifndef MVSQLITE_PRELOAD_H
#define MVSQLITE_PRELOAD_H

#include <sqlite3.h>

#define MV_LOG_PREFIX "mvsqlite preload: "

/* The autocommit retry policy, as io.mvsqlite.client.AutocommitRetry defines it (NativeHost.autocommitRetry()). */
struct mv_retry_policy {
  long max_retries;
  long long first_delay_us;
  long long max_delay_us;
};

/*
 * Creates a JVM in this process and installs mvSQLite into the SQLite library at libsqlite_path
 * (NativeHost.start). self_path is this library's own path: its libmvsqlite_preload.conf lies next to it.
 * Returns 0 and fills *policy on success; otherwise prints on stderr what is missing and returns -1.
 * Called once, by the thread that does the first open.
 */
int mv_start_jvm(const char *libsqlite_path, const char *self_path, struct mv_retry_policy *policy);

/* The name of the VFS that fails every file open with SQLITE_CANTOPEN. */
#define MV_UNAVAILABLE_VFS "mvsqlite-unavailable"

/*
 * Registers MV_UNAVAILABLE_VFS (not as the default), a copy of the default VFS whose xOpen fails. Opens are routed
 * to it after a failed start, so the program gets SQLITE_CANTOPEN with a usable handle for sqlite3_errmsg.
 * Returns SQLITE_OK or an SQLite error code.
 */
int mv_register_unavailable_vfs(sqlite3_vfs *(*vfs_find)(const char *), int (*vfs_register)(sqlite3_vfs *, int));

#endif
