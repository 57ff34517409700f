package io.mvsqlite.cli.admin;

import io.mvsqlite.cli.CliContext;
import io.mvsqlite.cli.CliException;
import io.mvsqlite.cli.NamespaceName;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code mvsqlite fork NAMESPACE[@VERSION] NEW_NAMESPACE}: a new namespace that starts as {@code
 * NAMESPACE} was at {@code VERSION} (its head without one) and shares its pages (an overlay:
 * nothing is copied).
 */
@Command(
    name = "fork",
    header = "Fork a namespace as it was at a version into a new namespace.",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 110,
    description = {
      "Create NEW_NAMESPACE as a fork of NAMESPACE at VERSION (a version or an ISO-8601 instant; the newest",
      "version without one). The fork shares the base's pages; the base cannot be deleted while it has forks.",
      ""
    },
    footer = {"", "Example:", "  mvsqlite fork app@2026-01-31T12:00:00Z app-before-migration"})
public final class ForkCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Parameters(index = "0", paramLabel = "NAMESPACE[@VERSION]")
  String base;

  @Parameters(index = "1", paramLabel = "NEW_NAMESPACE")
  String newName;

  @Mixin AdminOptions options;

  public ForkCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    NamespaceName name = NamespaceName.parse(base);
    try (AdminSession session = options.open(ctx)) {
      Version version = name.pin() == null ? null : session.version(name.pin());
      try {
        session.admin().fork(name.key(), version, newName);
      } catch (MvException e) {
        // The admin API's texts ("base key does not exist") do not name the namespaces; the message
        // does.
        throw CliException.failure(
            "cannot fork '"
                + name.key()
                + "' into '"
                + newName
                + "': "
                + session.explain(e).getMessage(),
            e);
      }
      ctx.out()
          .println(
              "forked '"
                  + name.key()
                  + "' "
                  + (version == null ? "at its newest version" : "at version " + version.hex())
                  + " into '"
                  + newName
                  + "'");
      return CliException.OK;
    }
  }
}
