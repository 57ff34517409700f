package io.mvsqlite.client.functions;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.http.TestMvstore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code MVSQLITE_EXPERIMENTAL_COMMIT_GROUP} flag as a user sets it, in child JVMs ({@link
 * CommitGroupProbe}): with it, the issue's example works exactly as written, in direct mode and
 * over HTTP; without it the functions do not exist.
 */
class CommitGroupEnvironmentTest {

  @TempDir Path dir;

  private static String probe(Map<String, String> environment)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                CommitGroupProbe.class.getName()));
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
  void theIssuesExampleWorksExactlyAsWrittenInDirectMode() throws Exception {
    String output =
        probe(
            Map.of(
                "MVSQLITE_EXPERIMENTAL_COMMIT_GROUP",
                "1",
                "MVSQLITE_STORE",
                dir.resolve("store").toString(),
                "MVSQLITE_AUTO_CREATE_NAMESPACE",
                "1"));
    assertThat(output)
        .contains("before accounts=0 invoices=0", "after accounts=1 invoices=1")
        .doesNotContain("FAILED");
  }

  @Test
  void theIssuesExampleWorksExactlyAsWrittenOverHttp() throws Exception {
    try (TestMvstore server = TestMvstore.start(dir, c -> c)) {
      String output =
          probe(
              Map.of(
                  "MVSQLITE_EXPERIMENTAL_COMMIT_GROUP", "1", "MVSQLITE_DATA_PLANE", server.url()));
      assertThat(output)
          .contains("before accounts=0 invoices=0", "after accounts=1 invoices=1")
          .doesNotContain("FAILED");
    }
  }

  @Test
  void withoutTheFlagTheFunctionsDoNotExist() throws Exception {
    String output =
        probe(
            Map.of(
                "MVSQLITE_STORE",
                dir.resolve("store").toString(),
                "MVSQLITE_AUTO_CREATE_NAMESPACE",
                "1"));
    assertThat(output).contains("FAILED", "no such function: mv_commit_group_begin");

    assertThat(MvFunctions.names(ClientConfig.defaults()))
        .noneMatch(n -> n.startsWith("mv_commit_group"));
    ClientConfig flagged =
        ClientConfig.from(k -> null, Map.of("MVSQLITE_EXPERIMENTAL_COMMIT_GROUP", "1")::get);
    assertThat(MvFunctions.names(flagged))
        .contains("mv_commit_group_begin", "mv_commit_group_commit", "mv_commit_group_rollback");
  }

  @Test
  void thisJvmInstalledWithoutTheFlagHasNoGroupFunctions() throws SQLException {
    assumeThat(installed().config().commitGroup())
        .as("the test JVM runs without the flag")
        .isFalse();
    try (Connection c =
        open(uniqueNamespace("noflag"), "store=" + dir.resolve("store") + "&autoCreate=1")) {
      SQLException e =
          catchThrowableOfType(SQLException.class, () -> exec(c, "SELECT mv_commit_group_begin()"));
      assertThat((Throwable) e).isNotNull();
      assertThat(e.getMessage()).contains("no such function: mv_commit_group_begin");
    }
  }
}
