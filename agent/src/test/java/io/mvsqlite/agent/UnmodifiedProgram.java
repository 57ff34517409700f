package io.mvsqlite.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The test fixture {@code fixture/DropInApp.java}, compiled against sqlite-jdbc alone (no mvSQLite
 * class anywhere) into {@code app.jar}, and run as {@code java -javaagent:<agent jar> -jar app.jar
 * ...} in child JVMs.
 */
final class UnmodifiedProgram {

  static final Path AGENT_JAR =
      Path.of(System.getProperty("mvsqlite.agent.jar", "target/agent-jar-not-built.jar"));
  static final Path SQLITE_JDBC_JAR = jarOf(org.sqlite.JDBC.class);
  private static final long TIMEOUT_SECONDS = 120;

  private final Path jar;

  private UnmodifiedProgram(Path jar) {
    this.jar = jar;
  }

  /**
   * Compiles the fixture into {@code dir/app.jar}, whose manifest names sqlite-jdbc as its only
   * library.
   */
  static UnmodifiedProgram build(Path dir) throws IOException {
    assertThat(AGENT_JAR).as("the shaded agent jar (built in `package`)").isRegularFile();
    Path source = dir.resolve("DropInApp.java");
    try (InputStream in = UnmodifiedProgram.class.getResourceAsStream("/fixture/DropInApp.java")) {
      Files.copy(in, source);
    }
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc =
        javac.run(
            null,
            null,
            null,
            "-cp",
            SQLITE_JDBC_JAR.toString(),
            "-d",
            classes.toString(),
            source.toString());
    assertThat(rc).as("javac of the fixture").isZero();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "DropInApp");
    manifest
        .getMainAttributes()
        .put(Attributes.Name.CLASS_PATH, SQLITE_JDBC_JAR.toUri().toString());
    Path jar = dir.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        var files = Files.list(classes)) {
      for (Path file : files.toList()) {
        out.putNextEntry(new JarEntry(file.getFileName().toString()));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    return new UnmodifiedProgram(jar);
  }

  /** A running child JVM. */
  record Run(Process process, CompletableFuture<String> stderr, BufferedReader stdout) {

    /** The next line of standard output, or null at its end. */
    String readLine() throws IOException {
      return stdout.readLine();
    }

    void writeLine(String line) throws IOException {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    /** Waits for the exit; returns the rest of standard output and standard error. */
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

  /** What a finished child printed. */
  record Result(int exitCode, String stdout, String stderr) {}

  /**
   * Starts {@code java -javaagent:AGENT -jar app.jar args} with {@code env} added to a clean
   * environment.
   */
  Run start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-javaagent:" + AGENT_JAR);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("MVSQLITE_") || k.startsWith("JAVA_TOOL"));
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

  /** Runs the program to its end. */
  Result run(Map<String, String> env, String... args) throws Exception {
    return start(env, args).finish();
  }

  private static Path jarOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
