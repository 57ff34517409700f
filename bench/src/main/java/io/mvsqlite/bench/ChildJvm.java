package io.mvsqlite.bench;

import io.mvsqlite.kv.rocksdb.RocksDbKvConfig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a main class of this class path in a child JVM: the same Java, the same class path, native
 * access enabled, and the process's {@code mvsqlite.strict} setting passed on (so a child's
 * embedded store is as strict as this one's).
 *
 * <p>Stateless.
 */
final class ChildJvm {

  private ChildJvm() {}

  /** The {@code java} binary of this JVM. */
  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The command line that runs {@code mainClass} with {@code jvmOptions} and {@code args}. */
  static List<String> command(Class<?> mainClass, List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("--sun-misc-unsafe-memory-access=allow");
    String strict = System.getProperty(RocksDbKvConfig.STRICT_PROPERTY);
    if (strict != null) {
      command.add("-D" + RocksDbKvConfig.STRICT_PROPERTY + "=" + strict);
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    return command;
  }

  /**
   * Starts the child. Its standard error goes to {@code stderrFile} (appended), or is inherited
   * when that is {@code null}; its standard output is a pipe unless {@code stdoutFile} is given.
   */
  static Process start(
      Class<?> mainClass,
      List<String> jvmOptions,
      List<String> args,
      File stdoutFile,
      File stderrFile) {
    ProcessBuilder b = new ProcessBuilder(command(mainClass, jvmOptions, args));
    b.redirectError(
        stderrFile == null
            ? ProcessBuilder.Redirect.INHERIT
            : ProcessBuilder.Redirect.appendTo(stderrFile));
    if (stdoutFile != null) {
      b.redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutFile));
    }
    try {
      return b.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM for " + mainClass.getName(), e);
    }
  }
}
