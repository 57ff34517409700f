package io.mvsqlite.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs {@code mvsqlite} command lines in this JVM, as the process would: given standard input (not
 * a terminal), an environment whose {@code HOME} is a test directory (so the default store and the
 * history live there), captured standard output and error.
 */
public final class Cli {

  /** How a command line ended. */
  public record Run(int exitCode, String out, String err) {

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
  }

  private final Map<String, String> env = new HashMap<>();

  /** A runner whose {@code HOME} is {@code home}. */
  public Cli(Path home) {
    env.put("HOME", home.toString());
  }

  /** Sets an environment variable of the runs. */
  public Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Runs {@code args} with {@code stdin} as standard input. */
  public Run runWithInput(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliContext ctx =
        CliContext.of(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env);
    int code = MvsqliteCommand.run(ctx, args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs {@code args} with empty standard input. */
  public Run run(String... args) {
    return runWithInput("", args);
  }
}
