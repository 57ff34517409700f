package io.mvsqlite.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What one run of {@code mvsqlite} works with: its standard streams, its environment, and which
 * streams are terminals. Commands never touch {@link System#in}, {@link System#out}, {@link
 * System#err} or {@link System#getenv} directly, so that tests run them in-process with streams and
 * an environment of their own.
 *
 * @param in standard input
 * @param out standard output (results)
 * @param err standard error (messages, progress)
 * @param env the environment variables
 * @param stdinIsTerminal standard input is a terminal: the shell is interactive
 * @param stderrIsTerminal standard error is a terminal: progress is drawn as a bar
 * @param processConsole these are the process's own streams (the shell may then let JLine open the
 *     system terminal)
 */
public record CliContext(
    InputStream in,
    PrintStream out,
    PrintStream err,
    Function<String, String> env,
    boolean stdinIsTerminal,
    boolean stderrIsTerminal,
    boolean processConsole) {

  public CliContext {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(env, "env");
  }

  /** The context of this process: its standard streams, its environment, its terminals. */
  public static CliContext ofProcess() {
    return new CliContext(
        System.in,
        new PrintStream(System.out, false, StandardCharsets.UTF_8),
        new PrintStream(System.err, true, StandardCharsets.UTF_8),
        System::getenv,
        Terminals.isTerminal(Terminals.Stream.INPUT),
        Terminals.isTerminal(Terminals.Stream.ERROR),
        true);
  }

  /** A context for tests: the given streams and environment, no terminal anywhere. */
  public static CliContext of(
      InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    Map<String, String> copy = Map.copyOf(env);
    return new CliContext(in, out, err, copy::get, false, false, false);
  }

  /** An environment variable, or {@code null} when it is unset or empty. */
  public String getenv(String name) {
    String value = env.apply(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** The user's home directory: {@code $HOME}, else the JVM's {@code user.home}. */
  public Path home() {
    String home = getenv("HOME");
    return Path.of(home != null ? home : System.getProperty("user.home"));
  }
}
