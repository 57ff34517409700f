/**
 * mvSQLite's SQL functions (reference client §9): time travel ({@code mv_last_known_version},
 * {@code mv_time2version}, {@code mv_pin_version}, {@code mv_unpin_version}), prefetch metrics and
 * namespace locks ({@code mv_nslock_*}), registered on every connection of a SQLite copy by {@link
 * io.mvsqlite.client.functions.MvFunctions} when mvSQLite is installed into it.
 *
 * <p>Each function's first argument names a database of the calling connection ({@code 'main'}, an
 * {@code ATTACH} alias); the function acts on that database's {@link
 * io.mvsqlite.client.txn.MvConnection}, found through {@link
 * io.mvsqlite.client.sqlite.FileHandles}. Functions run on the statement's thread, inside SQLite's
 * connection mutex, which is what makes touching the (not thread-safe) connection safe. Misuse is
 * an SQL error, never an abort. docs/jdbc.md lists the functions with their arguments and errors.
 */
package io.mvsqlite.client.functions;
