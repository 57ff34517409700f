package io.mvsqlite.client.sqlite;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One SQLite connection ({@code sqlite3*}) of one loaded SQLite copy. A plain value: it neither owns nor keeps the
 * connection alive; using it after the connection closed is undefined behaviour in C, so only use it while the
 * connection is open (for example inside a SQL function call, or while holding the JDBC connection).
 *
 * @param api the SQLite copy the connection belongs to
 * @param address the {@code sqlite3*}
 */
public record DbHandle(SqliteApi api, long address) {

  public DbHandle {
    Objects.requireNonNull(api, "api");
    if (address == 0) {
      throw new IllegalArgumentException("a sqlite3* handle cannot be NULL");
    }
  }

  /** The handle as a zero-length segment, for downcalls. */
  MemorySegment segment() {
    return MemorySegment.ofAddress(address);
  }

  @Override
  public String toString() {
    return "DbHandle[0x" + Long.toHexString(address) + "]";
  }
}
