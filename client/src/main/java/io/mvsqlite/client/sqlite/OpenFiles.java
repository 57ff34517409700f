package io.mvsqlite.client.sqlite;

import io.mvsqlite.client.vfs.VirtualFile;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The files SQLite holds open through a Java VFS, by the 64-bit id stored in each {@code
 * sqlite3_file}. One table per process: the {@code sqlite3_io_methods} struct and its upcall stubs
 * are process-wide too, shared by every registered VFS in every loaded copy of SQLite. Ids are
 * never reused, so a stale id can never reach another file.
 *
 * <p>Thread-safe.
 */
final class OpenFiles {

  /** One open file: the Java file, the registration that opened it, and what SQLite asked for. */
  record OpenFile(
      VirtualFile file, VfsRegistration registration, String nameOrNull, int openFlags) {}

  private static final ConcurrentMap<Long, OpenFile> FILES = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT_ID = new AtomicLong(1);

  private OpenFiles() {}

  static long add(OpenFile file) {
    long id = NEXT_ID.getAndIncrement();
    FILES.put(id, file);
    return id;
  }

  /** The file with {@code id}, or {@code null}. */
  static OpenFile get(long id) {
    return FILES.get(id);
  }

  static OpenFile remove(long id) {
    return FILES.remove(id);
  }

  /** How many files are open right now, over every VFS. */
  static int count() {
    return FILES.size();
  }
}
