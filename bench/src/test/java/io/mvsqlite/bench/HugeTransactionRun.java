package io.mvsqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link HugeTransactionCheck} in a child JVM with a capped heap, as the tests need it: the
 * heap of the JVM under test must be the cap, not the test JVM's. Returns the properties the check
 * wrote, after asserting that it exited with 0 (its output is printed when it did not).
 */
final class HugeTransactionRun {

  private HugeTransactionRun() {}

  static Properties run(Path dir, String maxHeap, Duration timeout, String... args)
      throws Exception {
    Path resultFile = dir.resolve("result.properties");
    Path out = dir.resolve("check.out");
    Path err = dir.resolve("check.err");
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of("--dir", dir.resolve("work").toString(), "--result-file", resultFile.toString()));
    List<String> jvm = List.of("-Xmx" + maxHeap, "-Xlog:gc:file=" + dir.resolve("gc.log"));
    Process p = ChildJvm.start(HugeTransactionCheck.class, jvm, all, out.toFile(), err.toFile());
    boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      p.destroyForcibly().waitFor();
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    System.out.println(output);
    assertThat(exited)
        .as("the check finished within %s; its progress:%n%s", timeout, read(err))
        .isTrue();
    assertThat(p.exitValue())
        .as("exit code; output:%n%s%nprogress:%n%s", output, read(err))
        .isZero();
    Properties result = new Properties();
    try (InputStream in = Files.newInputStream(resultFile)) {
      result.load(in);
    }
    return result;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  static long longValue(Properties p, String key) {
    String v = p.getProperty(key);
    assertThat(v).as("result property %s", key).isNotNull();
    return Long.parseLong(v);
  }
}
