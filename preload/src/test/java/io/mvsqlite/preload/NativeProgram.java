package io.mvsqlite.preload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A native program (the system's {@code sqlite3}, {@code python3}) run with {@code LD_PRELOAD} of
 * the shim.
 */
final class NativeProgram {

  static final Path LIBRARY =
      Path.of(System.getProperty("mvsqlite.preload.library", "target/libmvsqlite_preload.so"))
          .toAbsolutePath();
  private static final long TIMEOUT_SECONDS = 120;

  private NativeProgram() {}

  /**
   * {@code /usr/bin/python3} (Debian's, linked to the system libsqlite3) if present, else {@code
   * python3}.
   */
  static String python() {
    return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  }

  /** A running program. */
  record Run(Process process, CompletableFuture<String> stderr, BufferedReader stdout) {

    String readLine() throws IOException {
      return stdout.readLine();
    }

    void write(String text) throws IOException {
      OutputStream in = process.getOutputStream();
      in.write(text.getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    /** Closes standard input, waits for the exit. */
    Result finish() throws Exception {
      process.getOutputStream().close();
      StringBuilder out = new StringBuilder();
      for (String line; (line = stdout.readLine()) != null; ) {
        out.append(line).append('\n');
      }
      assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
          .as("the program exits")
          .isTrue();
      return new Result(
          process.exitValue(), out.toString(), stderr.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
  }

  /** What a finished program printed. */
  record Result(int exitCode, String stdout, String stderr) {}

  /**
   * Starts {@code command} in {@code dir} with the shim preloaded and {@code env} added to an
   * environment without any {@code MVSQLITE_*} variable of this JVM.
   */
  static Run start(Path dir, Map<String, String> env, List<String> command) throws IOException {
    return start(dir, LIBRARY, env, command);
  }

  static Run start(Path dir, Path library, Map<String, String> env, List<String> command)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("MVSQLITE_") || k.equals("LD_PRELOAD"));
    pb.environment().put("LD_PRELOAD", library.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    CompletableFuture<String> stderr =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return new Run(
        p,
        stderr,
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
  }

  /** Runs {@code command} with {@code stdin} as its standard input, to its end. */
  static Result run(Path dir, Map<String, String> env, String stdin, List<String> command)
      throws Exception {
    Run r = start(dir, env, command);
    r.write(stdin);
    return r.finish();
  }
}
