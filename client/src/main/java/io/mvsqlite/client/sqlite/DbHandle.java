package io.mvsqlite.client.sqlite;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One SQLite connection ({@code sqlite3*}) of one loaded SQLite copy. A plain value: it neither
 * owns nor keeps the connection alive; using it after the connection closed is undefined behaviour
 * in C, so only use it while the connection is open (for example inside a SQL function call, or
 * while holding the JDBC connection).
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

  /**
   * True when the connection is in autocommit mode: no transaction was opened with {@code BEGIN} or
   * {@code SAVEPOINT} and not yet ended ({@code sqlite3_get_autocommit}). Call it on the thread
   * that uses the connection.
   */
  public boolean autocommit() {
    return api.getAutocommit(segment());
  }

  /**
   * True when a write transaction is open on any database of the connection ({@code
   * sqlite3_txn_state} is {@code SQLITE_TXN_WRITE}). In autocommit mode that is a statement that
   * has written and not yet finished: it commits when it completes. Call it on the thread that uses
   * the connection.
   */
  public boolean writeTransactionOpen() {
    return api.txnState(segment()) == 2;
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
