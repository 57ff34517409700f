/*
 * The interposed SQLite functions. LD_PRELOAD puts this library ahead of libsqlite3.so in the program's symbol
 * lookup, so the program's calls to sqlite3_open_v2, sqlite3_open, sqlite3_open16 and sqlite3_step land here; each
 * forwards to the real function (dlsym RTLD_NEXT, or the loaded libsqlite3 by name, see resolve_symbols). Nothing else of SQLite is touched, and calls that SQLite makes
 * internally (sqlite3_exec stepping its statements) bind inside libsqlite3 and are not seen here.
 *
 * Start. The first sqlite3_open* of the process starts mvSQLite, exactly once (pthread_once): a JVM is created in the
 * process and mvSQLite's VFS becomes SQLite's default (jvm_start.c). Lazily, not in an ELF constructor: registering a
 * VFS initializes SQLite, and a program such as the sqlite3 shell configures SQLite (sqlite3_config) in main() before
 * its first open, which fails once SQLite is initialized. Other threads opening meanwhile wait in pthread_once; the
 * starting thread itself passes straight through (in_start), so anything on it that opened a database during the
 * start could not deadlock on its own pthread_once. The JVM's threads never call these functions. If the start
 * fails, every later file open fails with SQLITE_CANTOPEN (unavailable_vfs.c) and the reason is on stderr, once.
 *
 * Autocommit retry. sqlite3_step retries a statement that failed with SQLITE_BUSY (a conflict at mvSQLite's commit)
 * if the connection was in autocommit mode and the step began a fresh execution of the statement: reset, wait, step
 * again, at most policy.max_retries times (io.mvsqlite.client.AutocommitRetry has the rule and the numbers). A
 * thread-local flag lets nested steps (from a user function called inside a step) through unchanged.
 */
#define _GNU_SOURCE
#include "mvsqlite_preload.h"

#include <dlfcn.h>
#include <link.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define EXPORT __attribute__((visibility("default")))

static struct {
  int (*open_v2)(const char *, sqlite3 **, int, const char *);
  int (*open)(const char *, sqlite3 **);
  int (*open16)(const void *, sqlite3 **);
  int (*step)(sqlite3_stmt *);
  int (*reset)(sqlite3_stmt *);
  int (*stmt_busy)(sqlite3_stmt *);
  sqlite3 *(*db_handle)(sqlite3_stmt *);
  int (*get_autocommit)(sqlite3 *);
  sqlite3_vfs *(*vfs_find)(const char *);
  int (*vfs_register)(sqlite3_vfs *, int);
} real;

enum { NOT_STARTED = 0, STARTED = 1, FAILED = -1 };

static pthread_once_t symbols_once = PTHREAD_ONCE_INIT;
static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static int state = NOT_STARTED; /* written once inside start_once; read with acquire */
static struct mv_retry_policy policy;
static __thread int in_start;
static __thread int in_step;
static __thread uint64_t random_state;

/* The real function `name`: in `lib` when given, else the next definition after this library. */
static void *find(void *lib, const char *name) {
  return dlsym(lib != NULL ? lib : RTLD_NEXT, name);
}

/* dl_iterate_phdr callback: the first loaded object whose file name contains "libsqlite3", opened again. */
static int find_sqlite_library(struct dl_phdr_info *info, size_t size, void *data) {
  (void) size;
  void **lib = data;
  if (info->dlpi_name != NULL && strstr(info->dlpi_name, "libsqlite3") != NULL) {
    *lib = dlopen(info->dlpi_name, RTLD_NOW | RTLD_NOLOAD);
  }
  return *lib != NULL;
}

static void resolve_symbols(void) {
  /*
   * RTLD_NEXT finds libsqlite3 when the program links it (the sqlite3 shell). A library that an extension module
   * pulls in with dlopen(RTLD_LOCAL) (Python's _sqlite3) is outside the global scope that RTLD_NEXT searches, yet the
   * module's calls still land here, because preloaded symbols come first for every object: then the already loaded
   * libsqlite3 is looked up by name (RTLD_NOLOAD: never a second copy).
   */
  void *lib = NULL;
  if (dlsym(RTLD_NEXT, "sqlite3_open_v2") == NULL) {
    dl_iterate_phdr(find_sqlite_library, &lib);
  }
  /* The casts from void * are how dlsym is meant to be used for functions (POSIX). */
  real.open_v2 = (int (*)(const char *, sqlite3 **, int, const char *)) find(lib, "sqlite3_open_v2");
  real.open = (int (*)(const char *, sqlite3 **)) find(lib, "sqlite3_open");
  real.open16 = (int (*)(const void *, sqlite3 **)) find(lib, "sqlite3_open16");
  real.step = (int (*)(sqlite3_stmt *)) find(lib, "sqlite3_step");
  real.reset = (int (*)(sqlite3_stmt *)) find(lib, "sqlite3_reset");
  real.stmt_busy = (int (*)(sqlite3_stmt *)) find(lib, "sqlite3_stmt_busy");
  real.db_handle = (sqlite3 * (*) (sqlite3_stmt *) ) find(lib, "sqlite3_db_handle");
  real.get_autocommit = (int (*)(sqlite3 *)) find(lib, "sqlite3_get_autocommit");
  real.vfs_find = (sqlite3_vfs * (*) (const char *) ) find(lib, "sqlite3_vfs_find");
  real.vfs_register = (int (*)(sqlite3_vfs *, int)) find(lib, "sqlite3_vfs_register");
}

static int complete(void) {
  return real.open_v2 && real.open && real.step && real.reset && real.stmt_busy && real.db_handle
      && real.get_autocommit && real.vfs_find && real.vfs_register;
}

static void start(void) {
  int outcome = FAILED;
  in_start = 1;
  Dl_info sqlite_lib;
  Dl_info self;
  if (!complete()) {
    fprintf(stderr, MV_LOG_PREFIX "cannot find the program's libsqlite3 (or it lacks sqlite3_stmt_busy,"
                                  " sqlite3_get_autocommit or sqlite3_vfs_register); mvSQLite is not started\n");
  } else if (!dladdr((void *) real.open_v2, &sqlite_lib) || sqlite_lib.dli_fname == NULL
             || !dladdr((void *) &start, &self) || self.dli_fname == NULL) {
    fprintf(stderr, MV_LOG_PREFIX "cannot find the path of libsqlite3 or of this library (dladdr failed)\n");
  } else if (mv_start_jvm(sqlite_lib.dli_fname, self.dli_fname, &policy) == 0) {
    outcome = STARTED;
  }
  if (outcome == FAILED && complete()) {
    int rc = mv_register_unavailable_vfs(real.vfs_find, real.vfs_register);
    fprintf(stderr, MV_LOG_PREFIX "database files cannot be opened in this process%s\n",
            rc == SQLITE_OK ? " (SQLITE_CANTOPEN)" : "");
  }
  __atomic_store_n(&state, outcome, __ATOMIC_RELEASE);
  in_start = 0;
}

/* STARTED, FAILED, or NOT_STARTED when called by the start itself (its own opens pass through). */
static int ensure_started(void) {
  pthread_once(&symbols_once, resolve_symbols);
  if (in_start) {
    return NOT_STARTED;
  }
  pthread_once(&start_once, start);
  return __atomic_load_n(&state, __ATOMIC_ACQUIRE);
}

/* A failed open with a usable handle: see unavailable_vfs.c. */
static int open_unavailable(const char *filename, sqlite3 **db, int flags) {
  return real.open_v2(filename, db, flags, MV_UNAVAILABLE_VFS);
}

EXPORT int sqlite3_open_v2(const char *filename, sqlite3 **db, int flags, const char *vfs) {
  int s = ensure_started();
  if (real.open_v2 == NULL) {
    *db = NULL;
    return SQLITE_CANTOPEN;
  }
  return s == FAILED ? open_unavailable(filename, db, flags) : real.open_v2(filename, db, flags, vfs);
}

EXPORT int sqlite3_open(const char *filename, sqlite3 **db) {
  int s = ensure_started();
  if (real.open == NULL || real.open_v2 == NULL) {
    *db = NULL;
    return SQLITE_CANTOPEN;
  }
  return s == FAILED ? open_unavailable(filename, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
                     : real.open(filename, db);
}

EXPORT int sqlite3_open16(const void *filename, sqlite3 **db) {
  int s = ensure_started();
  if (real.open16 == NULL || real.open_v2 == NULL) {
    *db = NULL;
    return SQLITE_CANTOPEN;
  }
  /* A UTF-16 name cannot be handed to sqlite3_open_v2; any file name fails the same way. */
  return s == FAILED ? open_unavailable(MV_UNAVAILABLE_VFS, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
                     : real.open16(filename, db);
}

/* xorshift64*: only spreads retries apart; no quality needed beyond not moving in lockstep. */
static uint64_t next_random(void) {
  if (random_state == 0) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    random_state = ((uint64_t) now.tv_nsec << 20) ^ (uint64_t) now.tv_sec ^ (uint64_t) (uintptr_t) &random_state;
    random_state |= 1;
  }
  random_state ^= random_state >> 12;
  random_state ^= random_state << 25;
  random_state ^= random_state >> 27;
  return random_state * 2685821657736338717ULL;
}

/* The wait before retry `retry` (1-based): uniform in [d/2, d], d = min(max, first * 2^(retry-1)). */
static void wait_before_retry(long retry) {
  long long first = policy.first_delay_us;
  long long max = policy.max_delay_us;
  int doublings = retry - 1 > 62 ? 62 : (int) (retry - 1);
  long long bound = first > (max >> doublings) ? max : first << doublings;
  long long half = bound / 2;
  long long us = half + (long long) (next_random() % (uint64_t) (bound - half + 1));
  struct timespec delay = {.tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000};
  while (nanosleep(&delay, &delay) == -1 && errno == EINTR) {
  }
}

EXPORT int sqlite3_step(sqlite3_stmt *stmt) {
  pthread_once(&symbols_once, resolve_symbols);
  if (real.step == NULL) {
    return SQLITE_MISUSE;
  }
  if (in_step || stmt == NULL || __atomic_load_n(&state, __ATOMIC_ACQUIRE) != STARTED || policy.max_retries <= 0) {
    return real.step(stmt);
  }
  sqlite3 *db = real.db_handle(stmt);
  int retryable = db != NULL && real.get_autocommit(db) && !real.stmt_busy(stmt);
  in_step = 1;
  int rc = real.step(stmt);
  for (long retry = 1; retryable && (rc & 0xFF) == SQLITE_BUSY && retry <= policy.max_retries; retry++) {
    real.reset(stmt);
    wait_before_retry(retry);
    rc = real.step(stmt);
  }
  in_step = 0;
  return rc;
}
