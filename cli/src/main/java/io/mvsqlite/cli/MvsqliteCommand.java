package io.mvsqlite.cli;

import io.mvsqlite.cli.admin.ForkCommand;
import io.mvsqlite.cli.admin.NsCommand;
import io.mvsqlite.cli.bench.BenchCommand;
import io.mvsqlite.cli.serve.ServeCommand;
import io.mvsqlite.cli.shell.ShellCommand;
import io.mvsqlite.cli.transfer.ExportCommand;
import io.mvsqlite.cli.transfer.ImportCommand;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mvsqlite}: the command line of mvSQLite. Subcommands: {@code shell}, {@code ns}, {@code
 * fork}, {@code import}, {@code export}, {@code serve}, {@code bench}, {@code help}.
 *
 * <p><b>Exit codes</b>: {@value CliException#OK} success; {@value CliException#FAILURE} the work
 * failed (the message says why and what to do); {@value CliException#USAGE} an invalid command line
 * (unknown option, missing argument). Failures print one line {@code mvsqlite: <message>} on
 * standard error; an mvSQLite error adds its {@link ErrorCode} and SQLSTATE; an unexpected
 * exception (a bug) adds its stack trace.
 *
 * <p>{@link #run} executes one command line against a {@link CliContext}, so tests run commands
 * in-process.
 */
@Command(
    name = "mvsqlite",
    mixinStandardHelpOptions = true,
    versionProvider = MvsqliteCommand.Version.class,
    usageHelpWidth = 110,
    description = {
      "mvSQLite: SQLite with many writers, time travel and no size limits, on FoundationDB or an embedded store.",
      ""
    },
    footer = {
      "",
      "Where databases live (shell, import, export): --data-plane URL (an mvstore server), --store DIR or --cluster",
      "FILE (the engine in this process); by default the embedded store in $MVSQLITE_STORE_DIR or ~/.mvsqlite/store.",
      "",
      "Examples:",
      "  mvsqlite shell test                          SQL shell on namespace 'test' (created if missing)",
      "  mvsqlite serve                               serve ~/.mvsqlite/store on 127.0.0.1:7000 (admin :7001)",
      "  mvsqlite import app.db app --data-plane http://127.0.0.1:7000",
      "  mvsqlite ns list                             through the admin API (--admin-api, default :7001)",
      "",
      "Exit codes: 0 success, 1 failure, 2 invalid command line. See docs/cli.md."
    })
public final class MvsqliteCommand implements Callable<Integer> {

  /** The program's version, for {@code --version}. */
  public static final String VERSION = "0.1.0";

  @Spec CommandSpec spec;

  private final CliContext ctx;

  public MvsqliteCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  /** Without a subcommand: the usage, on standard error, and exit code 2. */
  @Override
  public Integer call() {
    ctx.err().println("mvsqlite: a command is required");
    spec.commandLine().usage(ctx.err());
    return CliException.USAGE;
  }

  /** Runs one command line; returns its exit code. Never calls {@link System#exit}. */
  public static int run(CliContext ctx, String... args) {
    int code = commandLine(ctx).execute(args);
    ctx.out().flush();
    ctx.err().flush();
    return code;
  }

  /** The command tree, writing to {@code ctx}'s streams, with mvsqlite's error handling. */
  public static CommandLine commandLine(CliContext ctx) {
    CommandLine cl = new CommandLine(new MvsqliteCommand(ctx), new Factory(ctx));
    cl.addSubcommand(new ShellCommand(ctx));
    cl.addSubcommand(new NsCommand(ctx));
    cl.addSubcommand(new ForkCommand(ctx));
    cl.addSubcommand(new ImportCommand(ctx));
    cl.addSubcommand(new ExportCommand(ctx));
    cl.addSubcommand("serve", ServeCommand.commandLine(ctx));
    cl.addSubcommand("bench", BenchCommand.commandLine(ctx));
    cl.addSubcommand(new CommandLine.HelpCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(new OutputStreamWriter(ctx.out(), StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(ctx.err(), StandardCharsets.UTF_8), true));
    cl.setExecutionExceptionHandler(MvsqliteCommand::executionFailed);
    cl.setParameterExceptionHandler(MvsqliteCommand::invalidCommandLine);
    return cl;
  }

  private static int executionFailed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof CliException c) {
      err.println("mvsqlite: " + c.getMessage());
      err.flush();
      return c.exitCode();
    }
    MvException mv = Errors.mvCause(e);
    if (mv != null) {
      err.println("mvsqlite: " + Errors.describe(mv));
      err.flush();
      return mv.code() == ErrorCode.CLIENT_CONFIG ? CliException.USAGE : CliException.FAILURE;
    }
    err.println("mvsqlite: unexpected error (a bug; please report it with this trace): " + e);
    e.printStackTrace(err);
    err.flush();
    return CliException.FAILURE;
  }

  private static int invalidCommandLine(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("mvsqlite: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return CliException.USAGE;
  }

  /** Creates commands, giving those that take one the {@link CliContext}. */
  private record Factory(CliContext ctx) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        Constructor<K> c = type.getDeclaredConstructor(CliContext.class);
        return c.newInstance(ctx);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }

  /** {@code --version}: this program, the JVM, SQLite (sqlite-jdbc). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Package sqlite = org.sqlite.JDBC.class.getPackage();
      return new String[] {
        "mvsqlite (mvSQLite for the JVM) " + VERSION,
        "Java "
            + Runtime.version()
            + ", sqlite-jdbc "
            + (sqlite.getImplementationVersion() == null ? "?" : sqlite.getImplementationVersion())
      };
    }
  }
}
