package io.mvsqlite.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.cli.BackendOptions;
import io.mvsqlite.cli.CliContext;
import io.mvsqlite.cli.NamespaceName;
import io.mvsqlite.cli.SqlConnections;
import io.mvsqlite.cli.StoreAccess;
import io.mvsqlite.client.ClientConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real commit conflict inside a shell session: the error names SQLite's code and mvSQLite's code
 * and SQLSTATE.
 */
class ShellConflictTest {

  @TempDir Path dir;

  @Test
  void aConflictingCommitIsReportedWithConflictAndSqlstate40001AndTheSessionGoesOn()
      throws Exception {
    ClientConfig.Backend backend = new ClientConfig.EmbeddedStore(dir);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliContext ctx =
        CliContext.of(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("HOME", dir.toString()));
    ShellSettings settings = new ShellSettings();
    settings.bail = false;
    try (StoreAccess store = StoreAccess.open(ctx, new BackendOptions.Resolved(backend, false));
        Shell shell = new Shell(ctx, store, settings)) {
      shell.open(NamespaceName.parse("db"));
      Deque<String> lines =
          new ArrayDeque<>(
              List.of(
                  "CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER);",
                  "INSERT INTO t VALUES (1, 0);",
                  "BEGIN;",
                  "UPDATE t SET v = v + 1 WHERE id = 1;",
                  "COMMIT;",
                  "ROLLBACK;",
                  "SELECT v FROM t;"));
      LineSource source =
          new LineSource() {
            @Override
            public Input next(boolean continuation) {
              if (lines.isEmpty()) {
                return new End();
              }
              if (lines.peek().equals("COMMIT;")) {
                commitElsewhere(backend);
              }
              return new Line(lines.pop());
            }

            @Override
            public boolean interactive() {
              return false;
            }
          };
      assertThat(shell.process(source, null)).isEqualTo(Shell.Flow.CONTINUE);
      assertThat(shell.exitCode()).isEqualTo(1);
    }
    String errors = err.toString(StandardCharsets.UTF_8);
    assertThat(errors).containsOnlyOnce("Error: ");
    assertThat(errors)
        .contains("Error: near line 5: ")
        .contains("SQLITE_BUSY; CONFLICT, SQLSTATE 40001");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .as("the other writer's commit stands")
        .isEqualTo("10\n");
  }

  /** Another writer commits to the row the shell's open transaction read and wrote. */
  private static void commitElsewhere(ClientConfig.Backend backend) {
    try (Connection other = SqlConnections.open(NamespaceName.parse("db"), backend);
        Statement s = other.createStatement()) {
      s.executeUpdate("UPDATE t SET v = v + 10 WHERE id = 1");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
