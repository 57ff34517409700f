package io.mvsqlite.cli.transfer;

import io.mvsqlite.cli.BackendOptions;
import io.mvsqlite.cli.CliContext;
import io.mvsqlite.cli.CliException;
import io.mvsqlite.cli.NamespaceName;
import io.mvsqlite.cli.Progress;
import io.mvsqlite.cli.StoreAccess;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mvsqlite export NAMESPACE[@VERSION] FILE.db}: a namespace into a SQLite file ({@link
 * Exporter}).
 */
@Command(
    name = "export",
    header = "Export a namespace (now or at a version) into a SQLite database file.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "Export a namespace, as it is now or as it was at VERSION (20 hex digits, or an ISO-8601 instant), into a",
      "new SQLite database file that any SQLite opens; the file is checked with PRAGMA integrity_check first.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mvsqlite export app app.db",
      "  mvsqlite export app@2026-01-31T12:00:00Z app-january.db --data-plane http://127.0.0.1:7000"
    })
public final class ExportCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Parameters(
      index = "0",
      paramLabel = "NAMESPACE[@VERSION]",
      description = "The namespace, at a version.")
  String namespace;

  @Parameters(index = "1", paramLabel = "FILE.db", description = "The database file to write.")
  Path file;

  @Option(names = "--force", description = "Replace FILE if it exists.")
  boolean force;

  @Option(
      names = "--no-verify",
      negatable = false,
      description = "Skip PRAGMA integrity_check of the file.")
  boolean noVerify;

  @Option(
      names = "--progress",
      paramLabel = "STYLE",
      description =
          "auto (a bar when standard error is a terminal,"
              + " else a line every few seconds), bar, plain or none.")
  Progress.Style progress = Progress.Style.AUTO;

  @Mixin BackendOptions backend = new BackendOptions();

  public ExportCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    NamespaceName source = NamespaceName.parse(namespace);
    try (StoreAccess store = StoreAccess.open(ctx, backend.resolve(ctx))) {
      Exporter.Result r = new Exporter(ctx, store, progress).run(source, file, force, !noVerify);
      ctx.out()
          .println(
              String.format(
                  Locale.ROOT,
                  "exported '%s' at version %s to %s: %,d pages of %,d bytes (%.1f MiB) in %.2f s%s%s",
                  source.key(),
                  r.version().hex(),
                  file,
                  r.pages(),
                  r.pageSizeBytes(),
                  r.bytes() / 1048576.0,
                  r.seconds() + r.verifySeconds(),
                  noVerify
                      ? "; not verified"
                      : String.format(
                          Locale.ROOT, " (integrity_check ok %.2f s)", r.verifySeconds()),
                  r.absentPages() > 0
                      ? "; " + r.absentPages() + " pages were missing and written as zeros"
                      : ""));
      return CliException.OK;
    }
  }
}
