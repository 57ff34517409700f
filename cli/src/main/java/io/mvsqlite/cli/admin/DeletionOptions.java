package io.mvsqlite.cli.admin;

import io.mvsqlite.cli.CliContext;
import io.mvsqlite.cli.Progress;
import io.mvsqlite.protocol.MvException;
import java.util.function.LongConsumer;
import picocli.CommandLine.Option;

/**
 * What the deleting admin commands ({@code ns truncate}, {@code ns gc}) share: a dry run unless
 * {@code --apply}, a progress display, and the one-line summary of what was (or would be) deleted.
 */
public final class DeletionOptions {

  @Option(names = "--apply", description = "Really delete (default: a dry run that only counts).")
  boolean apply;

  @Option(
      names = "--progress",
      paramLabel = "STYLE",
      description = "auto (default), bar, plain or none.")
  Progress.Style progress = Progress.Style.AUTO;

  /**
   * Runs {@code deletion} (given {@code apply} and a progress sink) with a progress display, then
   * prints the summary.
   *
   * @param verb what applying does, e.g. {@code "truncating"}
   * @param what the things counted, e.g. {@code "page versions"}
   * @param description what they are, after the count, e.g. {@code "page versions of 'db' older
   *     than V"}
   */
  void run(
      CliContext ctx,
      AdminSession session,
      String name,
      String verb,
      String what,
      String description,
      Deletion deletion) {
    long count;
    try (Progress p =
        Progress.start(
            ctx, progress, (apply ? verb + " " : "counting (dry run) ") + name, -1, what, 0)) {
      count = deletion.run(apply, p::advanceTo);
    } catch (MvException e) {
      throw session.explain(e);
    }
    ctx.out()
        .println(
            apply
                ? String.format("deleted %,d %s", count, description)
                : String.format(
                    "dry run: %,d %s would be deleted; add --apply to delete them",
                    count, description));
  }

  /** One admin call that deletes (or, when not applying, counts) and reports progress. */
  @FunctionalInterface
  interface Deletion {
    long run(boolean apply, LongConsumer progress);
  }
}
