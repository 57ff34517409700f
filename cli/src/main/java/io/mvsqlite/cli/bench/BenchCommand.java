package io.mvsqlite.cli.bench;

import io.mvsqlite.cli.CliContext;
import io.mvsqlite.cli.CliException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mvsqlite bench kv|store|sql [ARGS...]}: runs a benchmark program of the bench module
 * ({@code io.mvsqlite.bench.KvBenchmark}, {@code StoreBenchmark}, {@code SqlBenchmark}) with the
 * remaining arguments. The programs are found by name, so one added to the bench module is
 * available without changing this command; one that is not there yet is a clear error. The programs
 * write to the process's own standard streams.
 */
@Command(
    name = "bench",
    header = "Run a benchmark: kv, store or sql.",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 110,
    description = {
      "Run a benchmark of the bench module; ARGS go to it (mvsqlite bench kv --help shows its options).",
      ""
    })
public final class BenchCommand implements Callable<Integer> {

  /** A benchmark program. */
  enum Benchmark {
    KV("io.mvsqlite.bench.KvBenchmark", "the key-value baseline (embedded RocksDB store)"),
    STORE("io.mvsqlite.bench.StoreBenchmark", "the page store (engine, direct and over HTTP)"),
    SQL("io.mvsqlite.bench.SqlBenchmark", "SQL workloads through mvSQLite");

    final String className;
    final String about;

    Benchmark(String className, String about) {
      this.className = className;
      this.about = about;
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The program's {@code main}, or {@code null} if this build does not have it. */
    Method main() {
      try {
        Method m =
            Class.forName(className, true, BenchCommand.class.getClassLoader())
                .getMethod("main", String[].class);
        return Modifier.isStatic(m.getModifiers()) ? m : null;
      } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
        return null;
      }
    }
  }

  private final CliContext ctx;

  @Parameters(index = "0", paramLabel = "kv|store|sql", description = "The benchmark.")
  String which;

  @Parameters(
      index = "1..*",
      paramLabel = "ARGS",
      description = "Arguments of the benchmark program.")
  List<String> args = List.of();

  public BenchCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The {@code bench} subcommand: everything after the benchmark's name is passed to it, options
   * included.
   */
  public static CommandLine commandLine(CliContext ctx) {
    CommandLine cl = new CommandLine(new BenchCommand(ctx));
    cl.setStopAtPositional(true);
    cl.setUnmatchedOptionsArePositionalParams(true);
    List<String> lines = new ArrayList<>(List.of(cl.getCommandSpec().usageMessage().description()));
    for (Benchmark b : Benchmark.values()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "  %-6s %s%s",
              b.label(),
              b.about,
              b.main() == null ? " (not in this build yet)" : ""));
    }
    cl.getCommandSpec().usageMessage().description(lines.toArray(String[]::new));
    return cl;
  }

  @Override
  public Integer call() throws Exception {
    Benchmark benchmark = null;
    for (Benchmark b : Benchmark.values()) {
      if (b.label().equalsIgnoreCase(which)) {
        benchmark = b;
      }
    }
    if (benchmark == null) {
      throw CliException.usage("unknown benchmark '" + which + "'; choose kv, store or sql");
    }
    Method main = benchmark.main();
    if (main == null) {
      throw CliException.failure(
          "the "
              + benchmark.label()
              + " benchmark is not part of this build yet (the bench"
              + " module has no "
              + benchmark.className
              + "); available: "
              + String.join(", ", available()));
    }
    ctx.out().flush();
    try {
      main.invoke(null, (Object) args.toArray(String[]::new));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
    return CliException.OK;
  }

  private static List<String> available() {
    List<String> out = new ArrayList<>();
    for (Benchmark b : Benchmark.values()) {
      if (b.main() != null) {
        out.add(b.label());
      }
    }
    return out;
  }
}
