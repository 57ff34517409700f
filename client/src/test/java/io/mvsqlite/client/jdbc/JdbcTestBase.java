package io.mvsqlite.client.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Test base: connections through the mvSQLite JDBC driver ({@code
 * jdbc:mvsqlite:NS?BACKEND&OPTIONS}) to a backend the subclass provides, in direct mode on a fresh
 * embedded store or over HTTP to a real mvstore on a free port.
 */
abstract class JdbcTestBase {

  /** The URL options selecting the backend, e.g. {@code store=/tmp/x&autoCreate=1}. */
  abstract String backendOptions();

  /** A human name for the backend, for messages. */
  abstract String backendName();

  String url(String database, String options) {
    return "jdbc:mvsqlite:"
        + database
        + "?"
        + backendOptions()
        + (options.isEmpty() ? "" : "&" + options);
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(url(database, ""));
  }

  Connection connect(String database, String options) throws SQLException {
    return DriverManager.getConnection(url(database, options));
  }

  /** {@code file:NS?vfs=mvsqlite&BACKEND} for ATTACH inside SQL. */
  String attachUri(String namespace) {
    return "file:" + namespace + "?vfs=mvsqlite&" + backendOptions();
  }
}
