package io.mvsqlite.client.jdbc;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.http.TestMvstore;
import io.mvsqlite.server.MvstoreServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process environment, which a JVM reads once: tested in child JVMs ({@link DriverProbe}).
 * Without {@code dataPlane} in the URL the driver uses {@code MVSQLITE_DATA_PLANE}; an invalid
 * environment value is an {@code SQLException} naming the variable, not an abort (the reference
 * panicked).
 */
class EnvironmentTest {

  @TempDir Path dir;

  /** Runs the probe in a child JVM with {@code environment} added; returns its output. */
  private static String probe(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                DriverProbe.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("MVSQLITE_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("the child JVM exits normally: %s", output).isZero();
    return output;
  }

  @Test
  void withoutADataPlaneInTheUrlTheDriverUsesMvsqliteDataPlane() throws Exception {
    String ns = uniqueNamespace("fromenv");
    try (TestMvstore server = TestMvstore.start(dir, c -> c)) {
      String output =
          probe(
              Map.of("MVSQLITE_DATA_PLANE", server.url()),
              "jdbc:mvsqlite:" + ns,
              "CREATE TABLE t(x)",
              "INSERT INTO t VALUES ('from the child')");
      assertThat(output).contains("OK");
      try (Connection c =
          DriverManager.getConnection("jdbc:mvsqlite:" + ns + "?dataPlane=" + server.url())) {
        assertThat(queryString(c, "SELECT x FROM t")).isEqualTo("from the child");
      }
    }
  }

  @Test
  void aCommaSeparatedMvsqliteDataPlaneSendsRequestsToEveryServer() throws Exception {
    String ns = uniqueNamespace("envurls");
    try (TestMvstore server = TestMvstore.start(dir, c -> c);
        MvstoreServer second = server.startAnotherDataPlane()) {
      List<String> args = new ArrayList<>(List.of("jdbc:mvsqlite:" + ns, "CREATE TABLE t(x)"));
      for (int i = 1; i <= 20; i++) {
        args.add("INSERT INTO t VALUES (" + i + ")");
      }
      String output =
          probe(
              Map.of(
                  "MVSQLITE_DATA_PLANE",
                  server.url() + ", http://127.0.0.1:" + second.dataPlanePort() + "/"),
              args.toArray(String[]::new));
      assertThat(output).contains("OK");
      // Some 60 requests, each to a URL picked at random: both servers get some (p of a one-sided
      // split < 2^-50).
      assertThat(server.server.metrics().scrape())
          .contains("endpoint=\"/batch/commit\",listener=\"data\"");
      assertThat(second.metrics().scrape())
          .contains("endpoint=\"/batch/commit\",listener=\"data\"");
      try (Connection c =
          DriverManager.getConnection("jdbc:mvsqlite:" + ns + "?dataPlane=" + server.url())) {
        assertThat(queryLong(c, "SELECT sum(x) FROM t")).isEqualTo(210);
        assertIntact(c);
      }
    }
  }

  @Test
  void anInvalidEnvironmentValueIsAnSqlExceptionNamingTheVariable() throws Exception {
    String output =
        probe(
            Map.of("MVSQLITE_SECTOR_SIZE", "1000", "MVSQLITE_STORE", dir.toString()),
            "jdbc:mvsqlite:" + uniqueNamespace("badenv"),
            "SELECT 1");
    assertThat(output)
        .contains("SQLSTATE=08001", "MVSQLITE_SECTOR_SIZE", "1000")
        .doesNotContain("OK");
  }

  @Test
  void withNoBackendAnywhereTheDriverSaysWhatToSet() throws Exception {
    String output = probe(Map.of(), "jdbc:mvsqlite:" + uniqueNamespace("nobackend"), "SELECT 1");
    assertThat(output).contains("SQLSTATE=08001", "MVSQLITE_DATA_PLANE", "dataPlane=");
  }
}
