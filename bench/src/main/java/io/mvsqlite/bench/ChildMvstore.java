package io.mvsqlite.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An mvstore in another process: a child JVM running {@link MvstoreChild} over an embedded store,
 * its data plane on a free loopback port. The child stops when {@link #close()} closes its standard
 * input, or when this process dies (its standard input ends too), so no server outlives the
 * benchmark. The child's log goes to a file next to the store.
 *
 * <p>Not thread-safe: one owner starts and closes it.
 */
final class ChildMvstore implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final Path log;

  private ChildMvstore(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the child over {@code storeDir} and waits until it listens.
   *
   * @param jvmOptions extra options of the child JVM (heap size, GC logging)
   * @throws IllegalStateException if the child exits or does not listen within a minute (the
   *     message quotes its log)
   */
  static ChildMvstore start(Path storeDir, boolean syncWrites, List<String> jvmOptions) {
    Path log = storeDir.resolveSibling(storeDir.getFileName() + "-mvstore.log");
    File logFile = log.toFile();
    Process p =
        ChildJvm.start(
            MvstoreChild.class,
            jvmOptions,
            List.of(storeDir.toString(), Boolean.toString(syncWrites)),
            null,
            logFile);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  if (line.startsWith(MvstoreChild.READY_PREFIX)) {
                    return line.substring(MvstoreChild.READY_PREFIX.length()).strip();
                  }
                }
                return null;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            r -> Thread.ofVirtual().start(r));
    String port;
    try {
      port = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted while starting the mvstore child", e);
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      throw new IllegalStateException("the mvstore child did not start: " + tail(log), e);
    }
    if (port == null) {
      p.destroyForcibly();
      throw new IllegalStateException("the mvstore child exited before listening: " + tail(log));
    }
    return new ChildMvstore(p, Integer.parseInt(port), log);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The process id of the child JVM. */
  long pid() {
    return process.pid();
  }

  /**
   * Stops the child gracefully (it closes its store), forcibly if it does not stop within a minute.
   */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return "ChildMvstore[pid " + process.pid() + ", " + url() + ", log " + log + "]";
  }
}
