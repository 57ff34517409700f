package io.mvsqlite.cli.serve;

import io.mvsqlite.cli.CliContext;
import io.mvsqlite.cli.UserPaths;
import io.mvsqlite.server.FlagDefaults;
import io.mvsqlite.server.MvstoreCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code mvsqlite serve}: the mvstore server, with every flag, environment variable and behaviour
 * of {@code mvstore} ({@link MvstoreCommand} itself), and defaults for a laptop: the data plane on
 * {@value #DEFAULT_DATA_PLANE}, the admin API on {@value #DEFAULT_ADMIN_API}, and the store the
 * shell uses by default ({@code $MVSQLITE_STORE_DIR} or {@code ~/.mvsqlite/store}). An {@code
 * MVSTORE_*} variable still wins over these defaults, and a flag over both.
 */
public final class ServeCommand {

  public static final String DEFAULT_DATA_PLANE = "127.0.0.1:7000";
  public static final String DEFAULT_ADMIN_API = "127.0.0.1:7001";

  private ServeCommand() {}

  /** The {@code serve} subcommand: an {@link MvstoreCommand} with {@link Defaults}. */
  public static CommandLine commandLine(CliContext ctx) {
    CommandLine cl = new CommandLine(new MvstoreCommand());
    cl.setDefaultValueProvider(new Defaults(ctx));
    cl.getCommandSpec()
        .usageMessage()
        .header("Run the mvstore server (data plane :7000, admin API :7001) on the default store.")
        .description(
            "Run the mvstore server: the HTTP data plane that mvSQLite clients use, and the admin API.",
            "Same flags and environment variables as bin/mvstore; the defaults here serve the shell's default",
            "store (~/.mvsqlite/store, or $MVSQLITE_STORE_DIR) on 127.0.0.1:7000 (data) and 127.0.0.1:7001 (admin).",
            "Stops gracefully on Ctrl-C / SIGTERM.",
            "")
        .footer(
            "",
            "Examples:",
            "  mvsqlite serve",
            "  mvsqlite serve --data-plane 0.0.0.0:7000 --admin-token \"$TOKEN\" --admin-api 0.0.0.0:7001",
            "  mvsqlite serve --cluster /etc/foundationdb/fdb.cluster",
            "Then: mvsqlite shell app --data-plane http://127.0.0.1:7000",
            "",
            "Logging: MVSTORE_LOG=error|warn|info|debug|trace (default info). HTTP API: docs/http-api.md.");
    return cl;
  }

  /**
   * mvstore's defaults ({@link FlagDefaults}, from the run's environment) with the laptop defaults
   * above.
   */
  static final class Defaults implements CommandLine.IDefaultValueProvider {
    private static final Map<String, String> ENVIRONMENT = FlagDefaults.environmentVariables();

    private final CliContext ctx;
    private final FlagDefaults mvstore;

    Defaults(CliContext ctx) {
      this.ctx = ctx;
      this.mvstore = new FlagDefaults(ctx::getenv);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
      if (!(arg instanceof OptionSpec option)) {
        return null;
      }
      String flag = option.longestName();
      String env = ENVIRONMENT.get(flag);
      if (env != null && ctx.getenv(env) != null) {
        return ctx.getenv(env);
      }
      return switch (flag) {
        case "--data-plane" -> DEFAULT_DATA_PLANE;
        case "--admin-api" -> DEFAULT_ADMIN_API;
        case "--store-dir" -> UserPaths.defaultStoreDir(ctx).toString();
        default -> mvstore.defaultValue(arg);
      };
    }
  }
}
