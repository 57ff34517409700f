package io.mvsqlite.cli;

import io.mvsqlite.server.Logging;

/**
 * The {@code mvsqlite} process (bin/mvsqlite runs it): logging held to warnings on standard error
 * ({@code MVSQLITE_LOG=info|debug|...} to see more; {@code serve} logs at info as mvstore does),
 * then {@link MvsqliteCommand}.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    CliContext ctx = CliContext.ofProcess();
    if (args.length == 0 || !args[0].equals("serve")) {
      String level = ctx.getenv("MVSQLITE_LOG");
      Logging.configure(false, level == null ? "warn" : level);
    }
    System.exit(MvsqliteCommand.run(ctx, args));
  }
}
