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
 * {@code mvsqlite import FILE.db NAMESPACE}: a SQLite file into a namespace, as one commit ({@link
 * Importer}).
 */
@Command(
    name = "import",
    header = "Import a SQLite database file into a namespace (one commit).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "Import a SQLite database file into a namespace: its pages are uploaded and committed as ONE commit",
      "(readers see the old or the whole new database), then checked with PRAGMA integrity_check through mvSQLite.",
      "The file must use a rollback journal (not WAL) and pages of 4096 to 32768 bytes; the namespace must be empty",
      "(it is created if missing on an in-process store) unless --replace is given.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mvsqlite import app.db app",
      "  mvsqlite import app.db app --data-plane http://127.0.0.1:7000 --replace"
    })
public final class ImportCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Parameters(index = "0", paramLabel = "FILE.db", description = "The SQLite database file.")
  Path file;

  @Parameters(index = "1", paramLabel = "NAMESPACE", description = "The namespace to import into.")
  String namespace;

  @Option(
      names = "--replace",
      description =
          "Replace the contents of a namespace that already holds a database"
              + " (its older versions stay readable by time travel).")
  boolean replace;

  @Option(
      names = "--no-verify",
      negatable = false,
      description = "Skip PRAGMA integrity_check after the commit.")
  boolean noVerify;

  @Option(
      names = "--progress",
      paramLabel = "STYLE",
      description =
          "auto (a bar when standard error is a terminal,"
              + " else a line every few seconds), bar, plain or none.")
  Progress.Style progress = Progress.Style.AUTO;

  @Mixin BackendOptions backend = new BackendOptions();

  public ImportCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    NamespaceName target = NamespaceName.parse(namespace);
    if (target.pin() != null) {
      throw CliException.usage(
          "cannot import into "
              + namespace
              + ": a pinned version is read-only; name the"
              + " namespace alone");
    }
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw CliException.failure(file + " does not exist or is not a file");
    }
    try (StoreAccess store = StoreAccess.open(ctx, backend.resolve(ctx))) {
      Importer.Result r = new Importer(ctx, store, progress).run(file, target, replace, !noVerify);
      ctx.out()
          .println(
              String.format(
                  Locale.ROOT,
                  "imported %s into '%s'%s: %,d pages of %,d bytes (%.1f MiB) committed at version %s in %.2f s"
                      + " (upload %.2f s, commit %.2f s%s)",
                  file,
                  target.key(),
                  r.replaced() ? " (replacing its contents)" : "",
                  r.pages(),
                  r.pageSizeBytes(),
                  r.bytes() / 1048576.0,
                  r.version().hex(),
                  r.uploadSeconds() + r.commitSeconds() + r.verifySeconds(),
                  r.uploadSeconds(),
                  r.commitSeconds(),
                  noVerify
                      ? "; not verified"
                      : String.format(
                          Locale.ROOT, ", integrity_check ok %.2f s", r.verifySeconds())));
      return CliException.OK;
    }
  }
}
