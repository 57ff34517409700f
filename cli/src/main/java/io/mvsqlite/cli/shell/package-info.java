/**
 * {@code mvsqlite shell}: an SQL shell in the spirit of sqlite3. {@link
 * io.mvsqlite.cli.shell.ShellCommand} parses the command line; {@code Shell} runs a session over a
 * {@code LineSource} (JLine at a terminal, a reader for scripts), cutting input into statements
 * like {@code sqlite3_complete} ({@code StatementScanner}), running dot-commands ({@code
 * DotCommands}) and printing results in sqlite3's modes ({@code ResultPrinter}).
 */
package io.mvsqlite.cli.shell;
