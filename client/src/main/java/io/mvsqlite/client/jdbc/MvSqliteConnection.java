package io.mvsqlite.client.jdbc;

import java.sql.Connection;

/**
 * A connection of the mvSQLite JDBC driver: reach it with {@code
 * connection.unwrap(MvSqliteConnection.class)}. It is a sqlite-jdbc connection underneath ({@code
 * unwrap(org.sqlite.SQLiteConnection.class)}), wrapped so that autocommit statements are retried
 * after commit conflicts and failures carry SQLSTATEs and mvSQLite's messages.
 */
public interface MvSqliteConnection extends Connection {

  /**
   * How many times a statement of this connection was run again because its autocommit commit
   * conflicted (SQLITE_BUSY from mvSQLite's commit). Thread-safe.
   */
  long conflictRetries();
}
