package io.mvsqlite.stress;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real mvstore server in a child JVM: {@code io.mvsqlite.server.Main} (the {@code MvstoreCommand}
 * entry point that {@code bin/mvstore} runs) on this test's classpath, so it works before anything
 * is packaged. Both listeners bind free loopback ports; the ports are read from the server's log
 * ("... listening on http://127.0.0.1:PORT"), which is also copied to a file for the test's
 * diagnostics.
 *
 * <p>{@link #kill()} is {@code kill -9} ({@link Process#destroyForcibly()}); {@link #stop()} is
 * SIGTERM (graceful). Thread-safe.
 */
final class ChildMvstore implements AutoCloseable {

  private static final Pattern LISTENING =
      Pattern.compile("(data plane|admin API) listening on (http://[^\\s]+:\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final Path log;
  private final URI dataPlane;
  private final URI adminApi;
  private final CompletableFuture<Void> drained;

  private ChildMvstore(
      Process process, Path log, URI dataPlane, URI adminApi, CompletableFuture<Void> drained) {
    this.process = process;
    this.log = log;
    this.dataPlane = dataPlane;
    this.adminApi = adminApi;
    this.drained = drained;
  }

  /**
   * Starts {@code mvstore --data-plane 127.0.0.1:0 --admin-api 127.0.0.1:0 --store-dir storeDir}
   * plus {@code flags}, and waits until both listeners are up.
   */
  static ChildMvstore start(Path storeDir, List<String> flags, Path log)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-Xmx512m",
                "-Dmvsqlite.strict=true",
                "-cp",
                System.getProperty("java.class.path"),
                "io.mvsqlite.server.Main",
                "--data-plane",
                "127.0.0.1:0",
                "--admin-api",
                "127.0.0.1:0",
                "--store-dir",
                storeDir.toString()));
    command.addAll(flags);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("MVSTORE_LOG", "info");
    Process process = pb.start();
    CompletableFuture<URI> data = new CompletableFuture<>();
    CompletableFuture<URI> admin = new CompletableFuture<>();
    CompletableFuture<Void> drained = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("mvstore-child-log")
        .start(() -> copyLog(process, log, data, admin, drained));
    try {
      return new ChildMvstore(
          process,
          log,
          data.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
          admin.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
          drained);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException(
          "mvstore did not start; its log (" + log + "):\n" + tail(log), e);
    }
  }

  /**
   * Copies the child's output to {@code log} until it ends, completing the port futures on the way.
   */
  private static void copyLog(
      Process process,
      Path log,
      CompletableFuture<URI> data,
      CompletableFuture<URI> admin,
      CompletableFuture<Void> drained) {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.write(line);
        out.newLine();
        out.flush();
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          (m.group(1).equals("data plane") ? data : admin).complete(URI.create(m.group(2)));
        }
      }
    } catch (IOException e) {
      // The child died and its pipe broke: the futures below report it.
    } finally {
      IllegalStateException ended = new IllegalStateException("mvstore exited before it listened");
      data.completeExceptionally(ended);
      admin.completeExceptionally(ended);
      drained.complete(null);
    }
  }

  URI dataPlane() {
    return dataPlane;
  }

  URI adminApi() {
    return adminApi;
  }

  Path log() {
    return log;
  }

  /** The child's log so far. */
  String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code kill -9}, and waits until the process is gone and its output is drained. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    drained.join();
  }

  /** SIGTERM (a graceful stop); returns the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("mvstore did not stop within 30 s of SIGTERM; killed it");
    }
    drained.join();
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
