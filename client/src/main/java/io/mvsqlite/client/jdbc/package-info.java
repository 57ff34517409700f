/**
 * The mvSQLite JDBC driver, {@code jdbc:mvsqlite:}: {@link io.mvsqlite.client.jdbc.MvSqliteDriver}.
 *
 * <p>It opens sqlite-jdbc connections on the mvSQLite VFS and wraps them in dynamic proxies ({@code
 * ForwardingHandler} and its subclasses) that retry autocommit statements after commit conflicts
 * ({@code Session}, with the {@link io.mvsqlite.client.AutocommitRetry} policy), run batches entry
 * by entry ({@code StatementHandler}, {@code ParameterLog}) and translate every failure into an
 * {@link java.sql.SQLException} with an SQLSTATE and mvSQLite's message ({@code SqlExceptions}).
 * Everything else is sqlite-jdbc's. docs/jdbc.md documents the URL, the options and the behaviour.
 */
package io.mvsqlite.client.jdbc;
