package io.mvsqlite.preload;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.MvSqlite;
import io.mvsqlite.server.LocalMvstore;
import io.mvsqlite.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system's dynamically linked {@code sqlite3} shell and Python's {@code sqlite3} module,
 * unchanged, with {@code LD_PRELOAD=libmvsqlite_preload.so}, against a real mvstore. Each program
 * runs in an empty directory, which must stay empty; what it wrote is read back through mvSQLite in
 * this JVM.
 */
class PreloadDropInTest {

  @TempDir static Path work;

  static LocalMvstore server;

  @BeforeAll
  static void startServer() {
    server = LocalMvstore.onLoopback(work.resolve("store"), StoreConfig.defaults("mvstore", "m"));
    MvSqlite.install();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static Map<String, String> env() {
    return Map.of("MVSQLITE_DATA_PLANE", server.dataPlaneUrl().toString());
  }

  private static String query(String namespace, String sql) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sqlite:file:"
                    + namespace
                    + "?vfs=mvsqlite&dataPlane="
                    + server.dataPlaneUrl().toString());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      StringBuilder out = new StringBuilder();
      while (rs.next()) {
        out.append(rs.getString(1)).append('\n');
      }
      return out.toString();
    }
  }

  @Test
  void theSqliteShellWorksOnANamespace() throws Exception {
    server.createNamespace("shell");
    Path dir = Files.createDirectories(work.resolve("shell-cwd"));

    NativeProgram.Result r =
        NativeProgram.run(
            dir,
            env(),
            """
        CREATE TABLE t(a INTEGER, b TEXT);
        INSERT INTO t VALUES (1, 'x'), (2, 'y');
        SELECT a, b FROM t ORDER BY a;
        PRAGMA integrity_check;
        """,
            List.of("sqlite3", "shell"));

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).isEqualTo("1|x\n2|y\nok\n");
    assertThat(r.stderr()).isEmpty();
    assertThat(dir).isEmptyDirectory();
    assertThat(query("shell", "SELECT b FROM t ORDER BY a")).isEqualTo("x\ny\n");
  }

  @Test
  void pythonsSqlite3ModuleWorksOnANamespace() throws Exception {
    server.createNamespace("py");
    Path dir = Files.createDirectories(work.resolve("python-cwd"));
    String script =
        """
        import sqlite3
        c = sqlite3.connect('py')
        c.execute('CREATE TABLE kv(k TEXT PRIMARY KEY, v INTEGER)')
        c.executemany('INSERT INTO kv VALUES (?, ?)', [('a', 1), ('b', 2), ('c', 3)])
        c.commit()
        print(c.execute('SELECT sum(v) FROM kv').fetchone()[0])
        print(c.execute('PRAGMA integrity_check').fetchone()[0])
        c.close()
        """;

    NativeProgram.Result r =
        NativeProgram.run(dir, env(), "", List.of(NativeProgram.python(), "-c", script));

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).isEqualTo("6\nok\n");
    assertThat(dir).isEmptyDirectory();
    assertThat(query("py", "SELECT group_concat(k, ',') FROM (SELECT k FROM kv ORDER BY k)"))
        .isEqualTo("a,b,c\n");
  }

  @Test
  void concurrentAutocommitIncrementsFromTwoShellsEndAtTheExactTotal() throws Exception {
    concurrentIncrements(
        "shells",
        List.of("sqlite3", "shells"),
        "SELECT 'ready';\n",
        "UPDATE counter SET n = n + 1 WHERE id = 1;\n");
  }

  @Test
  void concurrentAutocommitIncrementsFromTwoPythonProgramsEndAtTheExactTotal() throws Exception {
    // isolation_level=None: true autocommit (by default Python wraps DML in its own transaction,
    // which is not retried).
    String script =
        """
        import sqlite3, sys
        c = sqlite3.connect('pythons', isolation_level=None)
        print('ready', flush=True)
        for line in sys.stdin:
            c.execute('UPDATE counter SET n = n + 1 WHERE id = 1')
        c.close()
        """;
    concurrentIncrements("pythons", List.of(NativeProgram.python(), "-c", script), "", "+\n");
  }

  /**
   * Two programs, each sent {@code increments} copies of {@code increment} once both said "ready",
   * increment one counter in autocommit mode; the total must be exact and the server must have seen
   * conflicts.
   */
  private static void concurrentIncrements(
      String namespace, List<String> command, String readyProbe, String increment)
      throws Exception {
    int increments = 150;
    server.createNamespace(namespace);
    Path dir = Files.createDirectories(work.resolve(namespace + "-cwd"));
    NativeProgram.Result setup =
        NativeProgram.run(
            dir,
            env(),
            "CREATE TABLE counter(id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0);\n",
            List.of("sqlite3", namespace));
    assertThat(setup.exitCode()).as(setup.stderr()).isZero();
    long conflictsBefore = server.conflicts();

    List<NativeProgram.Run> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      NativeProgram.Run run = NativeProgram.start(dir, env(), command);
      run.write(readyProbe);
      runs.add(run);
    }
    for (NativeProgram.Run run : runs) {
      assertThat(run.readLine()).isEqualTo("ready");
    }
    String all = increment.repeat(increments);
    for (NativeProgram.Run run : runs) {
      run.write(all);
    }
    for (NativeProgram.Run run : runs) {
      NativeProgram.Result r = run.finish();
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stderr()).as("no statement failed").isEmpty();
    }

    assertThat(query(namespace, "SELECT n FROM counter")).isEqualTo(2 * increments + "\n");
    assertThat(server.conflicts() - conflictsBefore)
        .as("conflicts the retry absorbed")
        .isPositive();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void withoutAJdkTheOpenFailsWithAMessageSayingWhatIsMissing() throws Exception {
    Path dir = Files.createDirectories(work.resolve("nojdk-cwd"));
    NativeProgram.Result r =
        NativeProgram.run(
            dir,
            Map.of(
                "MVSQLITE_DATA_PLANE",
                server.dataPlaneUrl().toString(),
                "MVSQLITE_JAVA_HOME",
                "/nonexistent/jdk"),
            "SELECT 1;\n",
            List.of("sqlite3", "nojdk"));

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr())
        .contains("mvsqlite preload: MVSQLITE_JAVA_HOME=/nonexistent/jdk is not a JDK 25 or newer")
        .contains("unable to open database");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void withoutTheBuildsClassPathTheOpenFailsWithAMessageSayingWhatIsMissing() throws Exception {
    Path dir = Files.createDirectories(work.resolve("nocp-cwd"));
    Path lonely = Files.createDirectories(work.resolve("lonely")).resolve("libmvsqlite_preload.so");
    Files.copy(NativeProgram.LIBRARY, lonely);
    NativeProgram.Run run =
        NativeProgram.start(
            dir,
            lonely,
            env(),
            List.of(
                NativeProgram.python(),
                "-c",
                """
        import sqlite3
        try:
            sqlite3.connect('nocp')
        except sqlite3.OperationalError as e:
            print('OperationalError:', e)
        """));
    NativeProgram.Result r = run.finish();

    assertThat(r.stdout()).isEqualTo("OperationalError: unable to open database file\n");
    assertThat(r.stderr())
        .contains("libmvsqlite_preload.conf is missing")
        .contains("MVSQLITE_PRELOAD_CLASSPATH");
    assertThat(dir).isEmptyDirectory();
  }
}
