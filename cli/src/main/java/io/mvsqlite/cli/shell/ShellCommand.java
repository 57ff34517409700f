package io.mvsqlite.cli.shell;

import io.mvsqlite.cli.BackendOptions;
import io.mvsqlite.cli.CliContext;
import io.mvsqlite.cli.MvsqliteCommand;
import io.mvsqlite.cli.NamespaceName;
import io.mvsqlite.cli.StoreAccess;
import io.mvsqlite.cli.UserPaths;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mvsqlite shell NAMESPACE[@VERSION] [SQL...]}: the interactive SQL shell, or a script
 * runner.
 */
@Command(
    name = "shell",
    header = "SQL shell on a namespace, like sqlite3 (also runs scripts from standard input).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "An SQL shell on one namespace, in the spirit of sqlite3.",
      "At a terminal: line editing, history in ~/.mvsqlite_history, statements end with ';', dot-commands (.help).",
      "Otherwise SQL and dot-commands are read from standard input (a script or a pipe), or from the SQL arguments.",
      "On an in-process store (the default ~/.mvsqlite/store, --store, --cluster) a missing namespace is created.",
      "NAMESPACE@VERSION (20 hex digits, or an ISO-8601 instant such as 2026-01-31T12:00:00Z) opens the database",
      "read-only as it was then.",
      ""
    },
    footer = {
      "",
      "As in sqlite3, a script (standard input that is not a terminal, or SQL arguments) goes on after an error and",
      "exits 1 at its end; with --bail (or .bail on) it stops at its first error. Interactive sessions never stop at",
      "errors. Exit codes: 0 ok, 1 a statement or command failed (or the namespace could not be opened), 2 invalid",
      "command line.",
      "",
      "Examples:",
      "  mvsqlite shell test",
      "  mvsqlite shell test < schema.sql",
      "  mvsqlite shell orders@2026-01-31T12:00:00Z 'SELECT count(*) FROM orders'",
      "  mvsqlite shell app --data-plane http://127.0.0.1:7000 --mode json 'SELECT * FROM users'"
    })
public final class ShellCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Parameters(
      index = "0",
      paramLabel = "NAMESPACE[@VERSION]",
      description =
          "The namespace (database) to open; @VERSION opens it read-only at that version or instant.")
  String namespace;

  @Parameters(
      index = "1..*",
      paramLabel = "SQL",
      description =
          "SQL statements or dot-commands to run (each argument may hold several) instead of reading"
              + " standard input.")
  List<String> sql = List.of();

  @Mixin BackendOptions backend = new BackendOptions();

  @Option(
      names = "--bail",
      arity = "0..1",
      paramLabel = "true|false",
      defaultValue = "false",
      fallbackValue = "true",
      description =
          "Stop a script at its first error (default: go on, as sqlite3 does; exit 1 at the end).")
  boolean bail;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description = "Output mode: list (default), csv, column, line, json," + " table.")
  OutputMode mode = OutputMode.LIST;

  @Option(
      names = "--headers",
      arity = "0..1",
      paramLabel = "true|false",
      fallbackValue = "true",
      description = "Show column names (list and csv modes; column mode shows them unless false).")
  Boolean headers;

  @ArgGroup(exclusive = true)
  Interactivity interactivity;

  static final class Interactivity {
    @Option(
        names = "--interactive",
        description = "Prompt and edit lines even if standard input is not a terminal.")
    boolean interactive;

    @Option(
        names = "--batch",
        description = "Read standard input as a script even if it is a terminal.")
    boolean batch;
  }

  public ShellCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    NamespaceName name = NamespaceName.parse(namespace);
    BackendOptions.Resolved resolved = backend.resolve(ctx);
    ShellSettings settings = new ShellSettings();
    settings.bail = bail;
    settings.mode = mode;
    settings.headers = headers;
    boolean interactive =
        interactivity != null ? interactivity.interactive : sql.isEmpty() && ctx.stdinIsTerminal();
    try (StoreAccess store = StoreAccess.open(ctx, resolved);
        Shell shell = new Shell(ctx, store, settings)) {
      shell.open(name);
      if (!sql.isEmpty()) {
        for (String text : sql) {
          Shell.Flow flow =
              shell.process(LineSource.of(new BufferedReader(new StringReader(text))), null);
          if (flow != Shell.Flow.CONTINUE) {
            break;
          }
        }
      } else if (interactive) {
        ctx.out()
            .println(
                "mvSQLite "
                    + MvsqliteCommand.VERSION
                    + " shell: namespace '"
                    + name.text()
                    + "' on "
                    + store.describe());
        ctx.out().println("Enter \".help\" for usage hints.");
        ctx.out().flush();
        try (TerminalLineSource terminal =
            new TerminalLineSource(ctx, UserPaths.historyFile(ctx))) {
          shell.process(terminal, null);
        }
      } else {
        shell.process(
            LineSource.of(
                new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8))),
            null);
      }
      return shell.exitCode();
    }
  }
}
