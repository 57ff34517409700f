/**
 * The {@code mvsqlite} command line ({@link io.mvsqlite.cli.MvsqliteCommand}) and what its
 * subcommands share: the run's streams and environment ({@link io.mvsqlite.cli.CliContext}), the
 * choice of backend ({@link io.mvsqlite.cli.BackendOptions}, {@link io.mvsqlite.cli.StoreAccess}),
 * JDBC connections to namespaces ({@link io.mvsqlite.cli.SqlConnections}), progress display and
 * error messages. The subcommands live in the subpackages: {@code shell}, {@code admin} (ns, fork),
 * {@code transfer} (import, export), {@code serve}, {@code bench}.
 */
package io.mvsqlite.cli;
