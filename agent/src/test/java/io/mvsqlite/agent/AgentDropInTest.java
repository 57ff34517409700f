package io.mvsqlite.agent;

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
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -javaagent:mvsqlite-agent.jar -jar app.jar}: an unmodified sqlite-jdbc program, in
 * child JVMs, against an embedded store (direct mode) and a real mvstore. What the program wrote is
 * read back through mvSQLite in this JVM, and no database file appears on disk.
 */
class AgentDropInTest {

  @TempDir static Path work;

  static UnmodifiedProgram program;

  @BeforeAll
  static void buildProgram() throws Exception {
    program = UnmodifiedProgram.build(Files.createDirectories(work.resolve("app")));
    MvSqlite.install();
  }

  /** {@code SELECT count(*), sum(v) FROM items} through mvSQLite in this JVM. */
  private static String readBack(String namespace, String backend) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sqlite:file:" + namespace + "?vfs=mvsqlite&" + backend);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), sum(v) FROM items")) {
      rs.next();
      return "rows=" + rs.getLong(1) + " sum=" + rs.getLong(2);
    }
  }

  @Test
  void aPlainJdbcUrlBecomesANamespaceNamedByItsPathInDirectMode() throws Exception {
    Path store = work.resolve("direct-store");
    Path dir = Files.createDirectories(work.resolve("direct-db"));
    Path db = dir.resolve("app.db");
    Map<String, String> env =
        Map.of("MVSQLITE_STORE", store.toString(), "MVSQLITE_AUTO_CREATE_NAMESPACE", "1");

    UnmodifiedProgram.Result wrote = program.run(env, "write", "jdbc:sqlite:" + db, "100");
    UnmodifiedProgram.Result read = program.run(env, "read", "jdbc:sqlite:" + db);

    assertThat(wrote.exitCode()).as(wrote.stderr()).isZero();
    assertThat(wrote.stdout()).isEqualTo("rows=100\n");
    assertThat(read.stdout()).isEqualTo("rows=100 sum=5050\n");
    assertThat(wrote.stderr() + read.stderr())
        .as("nothing on stderr (no JDK or library warnings)")
        .doesNotContain("WARNING")
        .doesNotContain("SLF4J")
        .doesNotContain("Exception");
    assertThat(dir).isEmptyDirectory();
    // The namespace is the absolute path without its leading '/'.
    assertThat(readBack(db.toString().substring(1), "store=" + store))
        .isEqualTo("rows=100 sum=5050");
  }

  @Test
  void sqliteJdbcInAnIsolatedClassLoaderIsFoundToo() throws Exception {
    Path store = work.resolve("isolated-store");
    Path dir = Files.createDirectories(work.resolve("isolated-db"));
    Path db = dir.resolve("plugin.db");
    Map<String, String> env =
        Map.of("MVSQLITE_STORE", store.toString(), "MVSQLITE_AUTO_CREATE_NAMESPACE", "1");

    UnmodifiedProgram.Result wrote =
        program.run(
            env,
            "--isolated",
            UnmodifiedProgram.SQLITE_JDBC_JAR.toString(),
            "write",
            "jdbc:sqlite:" + db,
            "10");

    assertThat(wrote.exitCode()).as(wrote.stderr()).isZero();
    assertThat(wrote.stdout()).isEqualTo("rows=10\n");
    assertThat(dir).isEmptyDirectory();
    assertThat(readBack(db.toString().substring(1), "store=" + store)).isEqualTo("rows=10 sum=55");
  }

  @Test
  void overHttpTheNameMapChoosesTheNamespace() throws Exception {
    try (LocalMvstore server =
        LocalMvstore.onLoopback(work.resolve("http-store"), StoreConfig.defaults("mvstore", "m"))) {
      server.createNamespace("inventory");
      Path dir = Files.createDirectories(work.resolve("http-db"));
      Path db = dir.resolve("inventory.db");
      Map<String, String> env =
          Map.of(
              "MVSQLITE_DATA_PLANE",
              server.dataPlaneUrl().toString(),
              "MVSQLITE_DB_NAME_MAP",
              db + "=inventory");

      UnmodifiedProgram.Result wrote = program.run(env, "write", "jdbc:sqlite:" + db, "20");

      assertThat(wrote.exitCode()).as(wrote.stderr()).isZero();
      assertThat(wrote.stdout()).isEqualTo("rows=20\n");
      assertThat(dir).isEmptyDirectory();
      assertThat(readBack("inventory", "dataPlane=" + server.dataPlaneUrl().toString()))
          .isEqualTo("rows=20 sum=210");
    }
  }

  @Test
  void anOpenOfAMissingNamespaceFailsInsteadOfWritingALocalFile() throws Exception {
    try (LocalMvstore server =
        LocalMvstore.onLoopback(
            work.resolve("missing-store"), StoreConfig.defaults("mvstore", "m"))) {
      Path dir = Files.createDirectories(work.resolve("missing-db"));

      UnmodifiedProgram.Result r =
          program.run(
              Map.of("MVSQLITE_DATA_PLANE", server.dataPlaneUrl().toString()),
              "write",
              "jdbc:sqlite:" + dir.resolve("nope.db"),
              "1");

      assertThat(r.exitCode()).isNotZero();
      assertThat(r.stderr()).contains("SQLITE_CANTOPEN");
      assertThat(dir).isEmptyDirectory();
    }
  }

  @Test
  void concurrentAutocommitIncrementsOfTwoProgramsEndAtTheExactTotal() throws Exception {
    int increments = 150;
    try (LocalMvstore server =
        LocalMvstore.onLoopback(
            work.resolve("counter-store"), StoreConfig.defaults("mvstore", "m"))) {
      server.createNamespace("counter");
      Path db = Files.createDirectories(work.resolve("counter-db")).resolve("counter.db");
      Map<String, String> env =
          Map.of(
              "MVSQLITE_DATA_PLANE",
              server.dataPlaneUrl().toString(),
              "MVSQLITE_DB_NAME_MAP",
              db + "=counter");
      // The table is created first, so that both programs only increment.
      assertThat(program.run(env, "counter", "jdbc:sqlite:" + db, "0").exitCode()).isZero();
      long conflictsBefore = server.conflicts();

      UnmodifiedProgram.Run a =
          program.start(env, "counter", "jdbc:sqlite:" + db, Integer.toString(increments));
      UnmodifiedProgram.Run b =
          program.start(env, "counter", "jdbc:sqlite:" + db, Integer.toString(increments));
      assertThat(a.readLine()).isEqualTo("ready");
      assertThat(b.readLine()).isEqualTo("ready");
      a.writeLine("go");
      b.writeLine("go");
      UnmodifiedProgram.Result ra = a.finish();
      UnmodifiedProgram.Result rb = b.finish();

      assertThat(ra.exitCode()).as(ra.stderr()).isZero();
      assertThat(rb.exitCode()).as(rb.stderr()).isZero();
      assertThat(ra.stdout() + rb.stdout()).isEqualTo("done\ndone\n");
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:sqlite:file:counter?vfs=mvsqlite&dataPlane="
                      + server.dataPlaneUrl().toString());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT n FROM counter WHERE id = 1")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(2L * increments);
      }
      assertThat(server.conflicts() - conflictsBefore)
          .as("conflicts the retry absorbed")
          .isPositive();
    }
  }

  @Test
  void anInvalidSettingStopsTheProgramBeforeItRunsWithAMessage() throws Exception {
    UnmodifiedProgram.Result r =
        program.run(
            Map.of("MVSQLITE_AUTOCOMMIT_RETRIES", "lots"),
            "read",
            "jdbc:sqlite:" + work.resolve("never.db"));

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stdout()).as("the program did not run").doesNotContain("rows=");
    assertThat(r.stderr()).contains("mvsqlite agent: invalid MVSQLITE_AUTOCOMMIT_RETRIES");
    assertThat(work.resolve("never.db")).doesNotExist();
  }
}
