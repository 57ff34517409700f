package io.mvsqlite.cli.admin;

import io.mvsqlite.cli.CliContext;
import io.mvsqlite.cli.CliException;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceInfo;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.protocol.wire.Json;
import io.mvsqlite.protocol.wire.JsonBodies;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mvsqlite ns create|list|delete|rename|stat|truncate|gc}: namespace administration through
 * an mvstore's admin API, or in-process on a store ({@link AdminOptions}). Commands that take
 * several names work through all of them and exit 1 if any failed.
 */
@Command(
    name = "ns",
    header = "Namespace administration: create, list, stat, rename, delete, truncate, gc.",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 110,
    description = {
      "Namespace (database) administration, through an mvstore's admin API (--admin-api, default"
          + " http://127.0.0.1:7001)",
      "or in this process on a store (--store DIR, --cluster FILE).",
      ""
    },
    subcommands = {
      NsCommand.Create.class,
      NsCommand.ListNamespaces.class,
      NsCommand.Stat.class,
      NsCommand.Rename.class,
      NsCommand.Delete.class,
      NsCommand.Truncate.class,
      NsCommand.Gc.class
    },
    footer = {
      "",
      "Examples:",
      "  mvsqlite ns create app",
      "  mvsqlite ns list --admin-api http://db1:7001 --admin-token \"$TOKEN\"",
      "  mvsqlite ns truncate app --before 2026-01-01T00:00:00Z --apply",
      "  mvsqlite ns gc app --apply --store ~/.mvsqlite/store"
    })
public final class NsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  private final CliContext ctx;

  public NsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.err()
        .println(
            "mvsqlite: ns needs a subcommand: create, list, stat, rename, delete, truncate or gc");
    spec.commandLine().usage(ctx.err());
    return CliException.USAGE;
  }

  /** Runs {@code action} for each name, reporting each failure; 1 if any failed. */
  private static int eachName(AdminSession session, List<String> names, NameAction action) {
    int failures = 0;
    for (String name : names) {
      try {
        action.run(name);
      } catch (MvException e) {
        failures++;
        session.context().err().println("mvsqlite: " + session.explain(e).getMessage());
      }
    }
    return failures == 0 ? CliException.OK : CliException.FAILURE;
  }

  @FunctionalInterface
  private interface NameAction {
    void run(String name);
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create empty namespaces.")
  public static final class Create implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Namespaces to create.")
    List<String> names;

    @Mixin AdminOptions options;

    public Create(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      try (AdminSession session = options.open(ctx)) {
        return eachName(
            session,
            names,
            name -> {
              session.admin().create(name, null);
              ctx.out().println("created namespace '" + name + "'");
            });
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List namespaces (one key per line).")
  public static final class ListNamespaces implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(
        arity = "0..1",
        paramLabel = "PREFIX",
        description = "Only keys that start with PREFIX.")
    String prefix = "";

    @Option(
        names = {"-l", "--long"},
        description = "Also show each namespace's id.")
    boolean longFormat;

    @Option(names = "--json", description = "One JSON object per line: {\"nskey\", \"nsid\"}.")
    boolean json;

    @Mixin AdminOptions options;

    public ListNamespaces(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      try (AdminSession session = options.open(ctx)) {
        PrintStream out = ctx.out();
        try {
          session
              .admin()
              .list(
                  prefix,
                  info -> {
                    if (json) {
                      out.println(
                          Json.writeString(new JsonBodies.ListEntry(info.key(), info.id())));
                    } else if (longFormat) {
                      out.println(info.id().hex() + "  " + info.key());
                    } else {
                      out.println(info.key());
                    }
                  });
        } catch (MvException e) {
          throw session.explain(e);
        }
        return CliException.OK;
      }
    }
  }

  @Command(
      name = "stat",
      mixinStandardHelpOptions = true,
      description = "Show namespaces' ids and metadata (lock," + " fork base, truncation point).")
  public static final class Stat implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Option(names = "--json", description = "The admin API's JSON, one object per line.")
    boolean json;

    @Mixin AdminOptions options;

    public Stat(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      try (AdminSession session = options.open(ctx)) {
        return eachName(
            session,
            names,
            name -> {
              NamespaceInfo info = session.admin().stat(name);
              if (json) {
                ctx.out()
                    .println(
                        Json.writeString(
                            new JsonBodies.StatNamespaceResponse(
                                info.key(), info.id(), info.metadata())));
              } else {
                print(ctx.out(), info);
              }
            });
      }
    }

    static void print(PrintStream out, NamespaceInfo info) {
      NamespaceMetadata md = info.metadata() == null ? NamespaceMetadata.EMPTY : info.metadata();
      out.println("namespace         " + info.key());
      out.println("id                " + info.id().hex());
      NamespaceMetadata.NamespaceLock lock = md.lock();
      out.println(
          "lock              "
              + (lock == null
                  ? "none"
                  : "held by '"
                      + lock.owner()
                      + "' since version "
                      + lock.snapshotVersion().hex()
                      + (lock.rollingBack() ? " (rolling back)" : "")));
      NamespaceMetadata.OverlayBase base = md.overlayBase();
      out.println(
          "fork of           "
              + (base == null
                  ? "-"
                  : "namespace id "
                      + base.nsId().hex()
                      + " at version "
                      + base.snapshotVersion().hex()));
      Version truncated = md.truncatedBefore();
      out.println("truncated before  " + (truncated == null ? "-" : truncated.hex()));
      out.println("staged commits    " + md.stagedCommits());
    }
  }

  @Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename a namespace.")
  public static final class Rename implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "OLD")
    String oldName;

    @Parameters(index = "1", paramLabel = "NEW")
    String newName;

    @Mixin AdminOptions options;

    public Rename(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      try (AdminSession session = options.open(ctx)) {
        try {
          session.admin().rename(oldName, newName);
        } catch (MvException e) {
          throw session.explain(e);
        }
        ctx.out().println("renamed namespace '" + oldName + "' to '" + newName + "'");
        return CliException.OK;
      }
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Delete namespaces and all their versions (their pages are collected later by content GC).",
        "A namespace that has forks cannot be deleted before them."
      })
  public static final class Delete implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Mixin AdminOptions options;

    public Delete(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      try (AdminSession session = options.open(ctx)) {
        return eachName(
            session,
            names,
            name -> {
              session.admin().delete(name);
              ctx.out().println("deleted namespace '" + name + "'");
            });
      }
    }
  }

  @Command(
      name = "truncate",
      mixinStandardHelpOptions = true,
      description = {
        "Delete the page versions that no read at or after --before can see; reads of older versions fail",
        "afterwards. A dry run (counting only) unless --apply is given."
      })
  public static final class Truncate implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = "--before",
        required = true,
        paramLabel = "VERSION|INSTANT",
        description = "A version (20 hex digits) or an ISO-8601 instant (2026-01-31T12:00:00Z).")
    String before;

    @Mixin DeletionOptions deletion;

    @Mixin AdminOptions options;

    public Truncate(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      try (AdminSession session = options.open(ctx)) {
        Version version = session.version(before);
        deletion.run(
            ctx,
            session,
            name,
            "truncating",
            "page versions",
            String.format("page versions of '%s' older than %s", name, version.hex()),
            (apply, progress) -> session.admin().truncate(name, version, apply, progress));
        return CliException.OK;
      }
    }
  }

  @Command(
      name = "gc",
      mixinStandardHelpOptions = true,
      description = {
        "Delete the page contents of a namespace that no page version references any more (content GC), e.g.",
        "after a truncation. A dry run (counting only) unless --apply is given."
      })
  public static final class Gc implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin DeletionOptions deletion;

    @Mixin AdminOptions options;

    public Gc(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      try (AdminSession session = options.open(ctx)) {
        deletion.run(
            ctx,
            session,
            name,
            "collecting",
            "page contents",
            String.format("unreferenced page contents of '%s'", name),
            (apply, progress) -> session.admin().deleteUnreferencedContent(name, apply, progress));
        return CliException.OK;
      }
    }
  }
}
