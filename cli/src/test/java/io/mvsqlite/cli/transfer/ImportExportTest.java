package io.mvsqlite.cli.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.cli.Cli;
import io.mvsqlite.cli.NamespaceName;
import io.mvsqlite.cli.SqlConnections;
import io.mvsqlite.cli.TestServer;
import io.mvsqlite.client.ClientConfig;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Import of real SQLite files (several MiB, indexes, BLOBs, a WITHOUT ROWID table) and export back,
 * compared byte by byte and table by table, in direct mode and over HTTP; and every refusal.
 */
class ImportExportTest {

  private static final long SEED = 424242L;
  private static final Pattern IMPORTED =
      Pattern.compile(
          "imported .* into '([^']+)'(?: \\(replacing its contents\\))?: ([\\d,]+) pages of ([\\d,]+) bytes"
              + " \\(([\\d.]+) MiB\\) committed at version ([0-9a-f]{20}) in [\\d.]+ s"
              + " \\(upload [\\d.]+ s, commit [\\d.]+ s, integrity_check ok [\\d.]+ s\\)\n");

  @TempDir Path dir;
  private Cli cli;
  private String store;

  @BeforeEach
  void setUp() {
    cli = new Cli(dir);
    store = dir.resolve("store").toString();
  }

  @ParameterizedTest(name = "page size {0}")
  @ValueSource(ints = {4096, 16384, 32768})
  void importThenExportGivesBackTheSameFileAndRows(int pageSize) throws Exception {
    Path source = dir.resolve("source.db");
    SqliteFiles.create(source, pageSize, 2500, SEED);
    assertThat(Files.size(source)).as("seed %d", SEED).isGreaterThan(4L << 20);

    Cli.Run imported =
        cli.run("import", source.toString(), "app", "--store", store, "--progress", "plain");
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    Matcher m = IMPORTED.matcher(imported.out());
    assertThat(m.matches()).as(imported.out()).isTrue();
    assertThat(Long.parseLong(m.group(2).replace(",", "")))
        .isEqualTo(Files.size(source) / pageSize);
    assertThat(Integer.parseInt(m.group(3).replace(",", ""))).isEqualTo(pageSize);
    assertThat(imported.err())
        .contains("created namespace 'app'")
        .as("no terminal: no bar, no control characters")
        .doesNotContain("\r", "\u001b");

    Map<String, List<List<Object>>> expected = SqliteFiles.contents(source);
    List<List<List<Object>>> expectedQueries = SqliteFiles.indexedQueries(source);
    ClientConfig.Backend backend = new ClientConfig.EmbeddedStore(Path.of(store));
    try (Connection c = SqlConnections.open(NamespaceName.parse("app"), backend)) {
      try (Statement s = c.createStatement()) {
        assertThat(s.executeQuery("PRAGMA integrity_check").getString(1)).isEqualTo("ok");
        assertThat(s.executeQuery("PRAGMA page_size").getInt(1)).isEqualTo(pageSize);
      }
      assertThat(SqliteFiles.contents(c))
          .as("the rows through mvSQLite, seed %d", SEED)
          .isEqualTo(expected);
      assertThat(SqliteFiles.indexedQueries(c))
          .as("queries through the indexes, seed %d", SEED)
          .isEqualTo(expectedQueries);
      assertThat(SqliteFiles.schema(c)).isEqualTo(SqliteFiles.schema(source));
    }

    Path exported = dir.resolve("exported.db");
    Cli.Run export =
        cli.run("export", "app", exported.toString(), "--store", store, "--progress", "none");
    assertThat(export.exitCode()).as(export.toString()).isZero();
    assertThat(export.out())
        .startsWith("exported 'app' at version " + m.group(5) + " to " + exported)
        .contains("(integrity_check ok");
    assertSameFileExceptChangeCounters(exported, source);
    assertThat(SqliteFiles.contents(exported)).isEqualTo(expected);
  }

  @Test
  void importOverHttpTakesTheStagedPathAndExportsBack() throws Exception {
    try (TestServer server =
        TestServer.start(
            dir.resolve("server"),
            c ->
                c.withCommitStagedThreshold(200)
                    .withStagedChunkPages(100)
                    .withAutoCreateNamespace(true))) {
      Path source = dir.resolve("source.db");
      SqliteFiles.create(source, 4096, 1200, SEED + 1);
      Cli.Run imported =
          cli.run("import", source.toString(), "remote", "--data-plane", server.dataPlane());
      assertThat(imported.exitCode()).as(imported.toString()).isZero();
      assertThat(imported.out()).matches(IMPORTED);

      Path exported = dir.resolve("exported.db");
      Cli.Run export =
          cli.run("export", "remote", exported.toString(), "--data-plane", server.dataPlane());
      assertThat(export.exitCode()).as(export.toString()).isZero();
      assertSameFileExceptChangeCounters(exported, source);
      assertThat(SqliteFiles.contents(exported)).isEqualTo(SqliteFiles.contents(source));
    }
  }

  @Test
  void replacingAskesForReplaceAndKeepsTheOldVersionReadableByTimeTravel() throws Exception {
    Path first = dir.resolve("first.db");
    Path second = dir.resolve("second.db");
    SqliteFiles.create(first, 4096, 200, SEED + 2);
    SqliteFiles.create(second, 8192, 300, SEED + 3);
    Cli.Run one = cli.run("import", first.toString(), "app", "--store", store);
    assertThat(one.exitCode()).as(one.toString()).isZero();
    Matcher m = IMPORTED.matcher(one.out());
    assertThat(m.matches()).isTrue();
    String firstVersion = m.group(5);

    Cli.Run refused = cli.run("import", second.toString(), "app", "--store", store);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("namespace 'app' is not empty", "--replace");

    Cli.Run replaced = cli.run("import", second.toString(), "app", "--store", store, "--replace");
    assertThat(replaced.exitCode()).as(replaced.toString()).isZero();
    assertThat(replaced.out()).contains("(replacing its contents)");
    Path now = dir.resolve("now.db");
    Path then = dir.resolve("then.db");
    assertThat(cli.run("export", "app", now.toString(), "--store", store).exitCode()).isZero();
    Cli.Run old = cli.run("export", "app@" + firstVersion, then.toString(), "--store", store);
    assertThat(old.exitCode()).as(old.toString()).isZero();
    assertThat(SqliteFiles.contents(now)).isEqualTo(SqliteFiles.contents(second));
    assertThat(SqliteFiles.contents(then)).isEqualTo(SqliteFiles.contents(first));
    assertSameFileExceptChangeCounters(then, first);
  }

  @Test
  void filesMvSqliteCannotServeAreRefusedAndNothingIsCreated() throws Exception {
    Path wal = dir.resolve("wal.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + wal);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("CREATE TABLE t(x)");
    }
    Cli.Run walRun = cli.run("import", wal.toString(), "w", "--store", store);
    assertThat(walRun.exitCode()).isEqualTo(1);
    assertThat(walRun.err()).contains("it is in WAL mode", "PRAGMA journal_mode=DELETE");

    Path small = dir.resolve("small.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + small);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA page_size = 1024");
      s.execute("CREATE TABLE t(x)");
    }
    Cli.Run smallRun = cli.run("import", small.toString(), "s", "--store", store);
    assertThat(smallRun.exitCode()).isEqualTo(1);
    assertThat(smallRun.err())
        .contains("its page size is 1024 bytes", "PRAGMA page_size=4096; VACUUM");

    Path text =
        Files.writeString(
            dir.resolve("notes.txt"),
            "not a database at all, but long enough to have a"
                + " header of one hundred bytes, which it does not have the magic of, as you can see here.\n");
    Cli.Run textRun = cli.run("import", text.toString(), "t", "--store", store);
    assertThat(textRun.exitCode()).isEqualTo(1);
    assertThat(textRun.err()).contains("not a SQLite database");

    Path withWal = dir.resolve("sidecar.db");
    SqliteFiles.create(withWal, 4096, 10, SEED);
    Files.writeString(dir.resolve("sidecar.db-wal"), "uncheckpointed frames");
    Cli.Run sidecar = cli.run("import", withWal.toString(), "c", "--store", store);
    assertThat(sidecar.exitCode()).isEqualTo(1);
    assertThat(sidecar.err()).contains("sidecar.db-wal is beside it");

    assertThat(
            cli.run("import", dir.resolve("missing.db").toString(), "m", "--store", store)
                .exitCode())
        .isEqualTo(1);
    assertThat(
            cli.run("import", withWal.toString(), "app@00000000000000000001", "--store", store)
                .exitCode())
        .isEqualTo(2);
    assertThat(cli.run("ns", "list", "--store", store).out()).as("nothing was created").isEmpty();
  }

  @Test
  void exportRefusesToOverwriteWithoutForceAndRefusesEmptyOrMissingNamespaces() throws Exception {
    assertThat(
            cli.runWithInput(
                    "CREATE TABLE t(x, y); INSERT INTO t VALUES (1, 'made by SQL');\n",
                    "shell",
                    "db",
                    "--store",
                    store)
                .exitCode())
        .isZero();
    Path target = Files.writeString(dir.resolve("target.db"), "precious");
    Cli.Run refused = cli.run("export", "db", target.toString(), "--store", store);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("exists; give --force to replace it");
    assertThat(Files.readString(target)).isEqualTo("precious");

    Cli.Run forced = cli.run("export", "db", target.toString(), "--store", store, "--force");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(SqliteFiles.contents(target).get("t")).containsExactly(List.of(1L, "made by SQL"));
    assertThat(dir.resolve("target.db.mvsqlite-export")).doesNotExist();

    assertThat(cli.run("ns", "create", "empty", "--store", store).exitCode()).isZero();
    Cli.Run empty = cli.run("export", "empty", dir.resolve("e.db").toString(), "--store", store);
    assertThat(empty.exitCode()).isEqualTo(1);
    assertThat(empty.err()).contains("namespace 'empty' is empty");
    Cli.Run missing =
        cli.run("export", "nothing", dir.resolve("n.db").toString(), "--store", store);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("namespace 'nothing' does not exist");
    assertThat(dir.resolve("e.db")).doesNotExist();
  }

  @Test
  void exportAtAnInstantAndAtAVersionGivesTheOldDatabaseThatTheSqlite3ProgramOpens()
      throws Exception {
    try (TestServer server =
        TestServer.start(dir.resolve("server"), c -> c.withAutoCreateNamespace(true))) {
      Path first = dir.resolve("first.db");
      Path second = dir.resolve("second.db");
      SqliteFiles.create(first, 8192, 400, SEED + 4);
      SqliteFiles.create(second, 4096, 150, SEED + 5);
      Cli.Run one = cli.run("import", first.toString(), "hist", "--data-plane", server.dataPlane());
      assertThat(one.exitCode()).as(one.toString()).isZero();
      Matcher m = IMPORTED.matcher(one.out());
      assertThat(m.matches()).as(one.out()).isTrue();
      String v1 = m.group(5);
      Instant afterFirst = server.awaitTimePointAfter(v1);
      Cli.Run two =
          cli.run(
              "import", second.toString(), "hist", "--replace", "--data-plane", server.dataPlane());
      assertThat(two.exitCode()).as(two.toString()).isZero();
      Matcher m2 = IMPORTED.matcher(two.out());
      assertThat(m2.matches()).as(two.out()).isTrue();
      String v2 = m2.group(5);

      Path byInstant = dir.resolve("by-instant.db");
      Cli.Run atInstant =
          cli.run(
              "export",
              "hist@" + afterFirst,
              byInstant.toString(),
              "--data-plane",
              server.dataPlane());
      assertThat(atInstant.exitCode()).as(atInstant.toString()).isZero();
      Matcher exported =
          Pattern.compile("exported 'hist' at version ([0-9a-f]{20}) to ").matcher(atInstant.out());
      assertThat(exported.lookingAt()).as(atInstant.out()).isTrue();
      // The instant names the timekeeper's last point before it: a version at or after the first
      // import, before the
      // second (versions are fixed-width hex, so text order is version order).
      assertThat(exported.group(1)).isGreaterThanOrEqualTo(v1).isLessThan(v2);
      Path byVersion = dir.resolve("by-version.db");
      assertThat(
              cli.run(
                      "export",
                      "hist@" + v1,
                      byVersion.toString(),
                      "--data-plane",
                      server.dataPlane())
                  .exitCode())
          .isZero();
      Path now = dir.resolve("now.db");
      assertThat(
              cli.run("export", "hist", now.toString(), "--data-plane", server.dataPlane())
                  .exitCode())
          .isZero();

      for (Path old : List.of(byInstant, byVersion)) {
        assertSameFileExceptChangeCounters(old, first);
        assertThat(SqliteFiles.contents(old)).isEqualTo(SqliteFiles.contents(first));
        assertThat(
                sqlite3(
                    old, "PRAGMA integrity_check; PRAGMA page_size; SELECT count(*) FROM items;"))
            .isEqualTo("ok\n8192\n400\n");
      }
      assertThat(
              sqlite3(now, "PRAGMA integrity_check; PRAGMA page_size; SELECT count(*) FROM items;"))
          .isEqualTo("ok\n4096\n150\n");
      assertThat(SqliteFiles.indexedQueries(now)).isEqualTo(SqliteFiles.indexedQueries(second));
    }
  }

  @Test
  void exportErrorsSayWhatIsWrongExitWithTheirCodeAndWriteNothing() throws Exception {
    Path source = dir.resolve("source.db");
    SqliteFiles.create(source, 4096, 50, SEED + 6);
    Cli.Run one = cli.run("import", source.toString(), "app", "--store", store);
    Matcher m = IMPORTED.matcher(one.out());
    assertThat(m.matches()).as(one.toString()).isTrue();
    String v1 = m.group(5);
    assertThat(
            cli.run("import", source.toString(), "app", "--store", store, "--replace").exitCode())
        .isZero();
    Path target = dir.resolve("out.db");

    Cli.Run malformed = cli.run("export", "app@last-tuesday", target.toString(), "--store", store);
    assertThat(malformed.exitCode()).isEqualTo(2);
    assertThat(malformed.err()).contains("invalid version pin 'last-tuesday'", "ISO-8601");

    Cli.Run tooEarly =
        cli.run("export", "app@2001-01-01T00:00:00Z", target.toString(), "--store", store);
    assertThat(tooEarly.exitCode()).isEqualTo(1);
    assertThat(tooEarly.err())
        .contains("no version is recorded before 2001-01-01T00:00:00Z", "BAD_VERSION");

    Cli.Run beforeAnything =
        cli.run("export", "app@00000000000000000001", target.toString(), "--store", store);
    assertThat(beforeAnything.exitCode()).isEqualTo(1);
    assertThat(beforeAnything.err())
        .contains("namespace 'app' is empty at version 00000000000000000001");

    String head =
        cli.run("export", "app", dir.resolve("head.db").toString(), "--store", store)
            .out()
            .substring("exported 'app' at version ".length())
            .substring(0, 20);
    Cli.Run truncate =
        cli.run("ns", "truncate", "app", "--before", head, "--apply", "--store", store);
    assertThat(truncate.exitCode()).as(truncate.toString()).isZero();
    Cli.Run truncated = cli.run("export", "app@" + v1, target.toString(), "--store", store);
    assertThat(truncated.exitCode()).as(truncated.toString()).isEqualTo(1);
    assertThat(truncated.err()).contains("VERSION_TRUNCATED");

    Cli.Run missingNs = cli.run("export", "other", target.toString(), "--store", store);
    assertThat(missingNs.exitCode()).isEqualTo(1);
    assertThat(missingNs.err()).contains("namespace 'other' does not exist");
    Cli.Run intoDirectory = cli.run("export", "app", dir.toString(), "--store", store, "--force");
    assertThat(intoDirectory.exitCode()).isEqualTo(1);
    assertThat(intoDirectory.err()).contains("is a directory");

    assertThat(target).doesNotExist();
    assertThat(target.resolveSibling("out.db.mvsqlite-export")).doesNotExist();
  }

  @Test
  void importErrorsSayWhatIsWrongAndChangeNothing() throws Exception {
    Cli.Run missing =
        cli.run("import", dir.resolve("missing.db").toString(), "m", "--store", store);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("missing.db does not exist or is not a file");
    Cli.Run directory = cli.run("import", dir.toString(), "m", "--store", store);
    assertThat(directory.exitCode()).isEqualTo(1);

    Path cut = dir.resolve("cut.db");
    SqliteFiles.create(cut, 4096, 100, SEED + 7);
    try (FileChannel f = FileChannel.open(cut, StandardOpenOption.WRITE)) {
      f.truncate(f.size() - 4096 * 3);
    }
    Cli.Run shortFile = cli.run("import", cut.toString(), "m", "--store", store);
    assertThat(shortFile.exitCode()).isEqualTo(1);
    assertThat(shortFile.err()).contains("but the file has only");

    Path empty = Files.createFile(dir.resolve("empty.db"));
    Cli.Run emptyFile = cli.run("import", empty.toString(), "m", "--store", store);
    assertThat(emptyFile.exitCode()).isEqualTo(1);
    assertThat(emptyFile.err()).contains("cannot import");

    assertThat(cli.run("ns", "list", "--store", store).out()).as("nothing was created").isEmpty();

    try (TestServer server = TestServer.start(dir.resolve("server"))) {
      Path source = dir.resolve("source.db");
      SqliteFiles.create(source, 4096, 20, SEED + 8);
      Cli.Run noNamespace =
          cli.run("import", source.toString(), "absent", "--data-plane", server.dataPlane());
      assertThat(noNamespace.exitCode()).isEqualTo(1);
      assertThat(noNamespace.err())
          .contains("namespace 'absent' does not exist", "mvsqlite ns create absent");
      Cli.Run down =
          cli.run("import", source.toString(), "absent", "--data-plane", "http://127.0.0.1:1");
      assertThat(down.exitCode()).isEqualTo(1);
      assertThat(down.err()).contains("cannot reach mvstore http://127.0.0.1:1");
    }
  }

  /**
   * The output of the sqlite3 program (SQLite's own shell, not sqlite-jdbc) on {@code file};
   * skipped without it.
   */
  private static String sqlite3(Path file, String sql) throws Exception {
    Path program = Path.of("/usr/bin/sqlite3");
    Assumptions.assumeTrue(Files.isExecutable(program), "the sqlite3 program is not installed");
    Process p =
        new ProcessBuilder(program.toString(), "-batch", "-bail", file.toString(), sql)
            .redirectErrorStream(true)
            .start();
    String output =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
    return output;
  }

  /**
   * The files are identical but for the change counter (24..28) and version-valid-for (92..96) of
   * the header.
   */
  private static void assertSameFileExceptChangeCounters(Path actual, Path expected)
      throws Exception {
    byte[] a = Files.readAllBytes(actual);
    byte[] e = Files.readAllBytes(expected);
    assertThat(a.length).isEqualTo(e.length);
    for (int i = 24; i < 28; i++) {
      a[i] = e[i];
    }
    for (int i = 92; i < 96; i++) {
      a[i] = e[i];
    }
    assertThat(Arrays.mismatch(a, e)).as("first differing byte").isEqualTo(-1);
  }
}
