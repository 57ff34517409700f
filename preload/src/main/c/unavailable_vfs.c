/*
 * The VFS of a failed start. When mvSQLite cannot be started (no JDK, no classes, bad configuration), the program's
 * opens must fail: silently opening local files instead would split its data. Returning SQLITE_CANTOPEN with a NULL
 * handle is not enough, because callers then ask sqlite3_errmsg(NULL), which says "out of memory" (Python raises
 * MemoryError). So the open is passed to SQLite with this VFS: a copy of the default VFS (unix) whose xOpen fails.
 * SQLite then returns SQLITE_CANTOPEN, "unable to open database file", and a handle that sqlite3_close accepts.
 *
 * In-memory databases never open a file, so they still work; so does a URI naming another VFS (?vfs=unix).
 */
#include "mvsqlite_preload.h"

#include <string.h>

static sqlite3_vfs unavailable;

static int unavailable_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags) {
  (void) vfs;
  (void) name;
  (void) flags;
  (void) out_flags;
  file->pMethods = NULL; /* SQLite must not call xClose on a file that failed to open */
  return SQLITE_CANTOPEN;
}

int mv_register_unavailable_vfs(sqlite3_vfs *(*vfs_find)(const char *), int (*vfs_register)(sqlite3_vfs *, int)) {
  if (vfs_find(MV_UNAVAILABLE_VFS) != NULL) {
    return SQLITE_OK;
  }
  sqlite3_vfs *base = vfs_find(NULL);
  if (base == NULL) {
    return SQLITE_ERROR;
  }
  /* os_unix's methods ignore their sqlite3_vfs argument, so the copied pointers delegate exactly. */
  memcpy(&unavailable, base, sizeof unavailable);
  unavailable.pNext = NULL;
  unavailable.zName = MV_UNAVAILABLE_VFS;
  unavailable.xOpen = unavailable_open;
  return vfs_register(&unavailable, 0);
}
