package io.mvsqlite.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.cli.Cli;
import io.mvsqlite.kv.rocksdb.RocksDbKvConfig;
import io.mvsqlite.kv.rocksdb.RocksDbKvStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell driven through standard input (not a terminal), in direct mode on a temporary embedded
 * store.
 */
class ShellTest {

  private static final String DATA =
      """
      CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, price REAL, note TEXT, data BLOB);
      INSERT INTO t VALUES (1, 'alice', 2.5, NULL, X'CAFE');
      INSERT INTO t VALUES (2, 'b,"q"', 1e20, 'x', NULL);
      """;

  @TempDir Path home;
  @TempDir Path storeDir;
  private Cli cli;
  private String store;

  @BeforeEach
  void setUp() {
    cli = new Cli(home);
    store = storeDir.resolve("store").toString();
  }

  private Cli.Run shell(String stdin, String... extra) {
    String[] args = new String[extra.length + 4];
    args[0] = "shell";
    args[1] = "db";
    args[2] = "--store";
    args[3] = store;
    System.arraycopy(extra, 0, args, 4, extra.length);
    return cli.runWithInput(stdin, args);
  }

  @Test
  void listModeIsTheDefaultWithoutHeaders() {
    Cli.Run run = shell(DATA + "SELECT * FROM t ORDER BY id;\n");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("1|alice|2.5||X'CAFE'\n2|b,\"q\"|1.0e+20|x|\n");
  }

  @Test
  void everyOutputModeLaysOutRowsAsSqlite3Does() {
    String select = "SELECT * FROM t ORDER BY id;\n";
    Cli.Run run =
        shell(
            DATA
                + ".headers on\n"
                + select
                + ".mode csv\n"
                + select
                + ".mode column\n"
                + select
                + ".mode line\n"
                + select
                + ".mode json\n"
                + select
                + ".mode table\n"
                + select);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .isEqualTo(
            String.join(
                "",
                "id|name|price|note|data\n",
                "1|alice|2.5||X'CAFE'\n",
                "2|b,\"q\"|1.0e+20|x|\n",
                "id,name,price,note,data\r\n",
                "1,alice,2.5,,X'CAFE'\r\n",
                "2,\"b,\"\"q\"\"\",1.0e+20,x,\r\n",
                "id  name   price    note  data\n",
                "--  -----  -------  ----  -------\n",
                "1   alice  2.5            X'CAFE'\n",
                "2   b,\"q\"  1.0e+20  x     \n",
                "   id = 1\n",
                " name = alice\n",
                "price = 2.5\n",
                " note = \n",
                " data = X'CAFE'\n",
                "\n",
                "   id = 2\n",
                " name = b,\"q\"\n",
                "price = 1.0e+20\n",
                " note = x\n",
                " data = \n",
                "[{\"id\":1,\"name\":\"alice\",\"price\":2.5,\"note\":null,\"data\":\"cafe\"},\n",
                "{\"id\":2,\"name\":\"b,\\\"q\\\"\",\"price\":1.0e+20,\"note\":\"x\",\"data\":null}]\n",
                "+----+-------+---------+------+---------+\n",
                "| id | name  | price   | note | data    |\n",
                "+----+-------+---------+------+---------+\n",
                "| 1  | alice | 2.5     |      | X'CAFE' |\n",
                "| 2  | b,\"q\" | 1.0e+20 | x    |         |\n",
                "+----+-------+---------+------+---------+\n"));
  }

  @Test
  void columnModeShowsHeadersUnlessTurnedOffAndModeCanBeGivenAsAnOption() {
    Cli.Run run =
        shell(DATA + ".headers off\nSELECT id, name FROM t ORDER BY id;\n", "--mode", "column");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("1  alice\n2  b,\"q\"\n");
    Cli.Run withHeaders = shell("SELECT id, name FROM t WHERE id = 1;\n", "--mode", "column");
    assertThat(withHeaders.out()).isEqualTo("id  name\n--  -----\n1   alice\n");
  }

  @Test
  void tablesListsTablesAndViewsAndSchemaShowsCreateStatementsWithIndexes() {
    Cli.Run run =
        shell(
            """
        CREATE TABLE orders(id INTEGER PRIMARY KEY, customer TEXT);
        CREATE INDEX orders_customer ON orders(customer);
        CREATE TABLE customers(name TEXT);
        CREATE VIEW big AS SELECT * FROM orders WHERE id > 10;
        .tables
        .tables c%
        .schema orders
        """);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
        big        customers  orders
        customers
        CREATE TABLE orders(id INTEGER PRIMARY KEY, customer TEXT);
        CREATE INDEX orders_customer ON orders(customer);
        """);
  }

  @Test
  void statementsSpanLinesShareLinesAndTriggerBodiesKeepTheirSemicolons() {
    Cli.Run run =
        shell(
            """
        CREATE TABLE log(msg TEXT);
        CREATE TABLE t(x
          INTEGER);  -- a comment; with a semicolon
        CREATE TRIGGER t_insert AFTER INSERT ON t BEGIN
          INSERT INTO log VALUES ('got ' || new.x);
          INSERT INTO log VALUES ('done; really');
        END;
        INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);
        /* a block
           comment; */ SELECT 'semi;colon', count(*) FROM log;
        SELECT msg FROM log ORDER BY rowid LIMIT 2
        """);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("semi;colon|4\ngot 1\ndone; really\n");
  }

  @Test
  void aScriptGoesOnAfterErrorsAsSqlite3DoesAndExits1WithEachErrorsLineAndCode() {
    Cli.Run run =
        shell(
            """
        CREATE TABLE t(x);
        SELECT * FROM nope;
        SELECT 'reached';
        .frobnicate
        INSERT INTO missing VALUES (1);
        SELECT 'end';
        """);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("reached\nend\n");
    assertThat(run.err())
        .contains(
            "Error: near line 2: no such table: nope [SQLITE_ERROR]",
            "unknown command or invalid arguments: \"frobnicate\"",
            "Error: near line 5: no such table: missing [SQLITE_ERROR]");
  }

  @Test
  void bailStopsAScriptAtItsFirstErrorWhetherGivenAsOptionOrDotCommand() {
    String script =
        "CREATE TABLE t(x);\nSELECT * FROM nope;\nINSERT INTO t VALUES (1);\nSELECT 'not reached';\n";
    Cli.Run run = shell(script, "--bail");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("Error: near line 2: no such table: nope");
    assertThat(shell("SELECT count(*) FROM t;\n").out())
        .as("nothing after the error ran")
        .isEqualTo("0\n");

    Cli.Run viaDot = shell(".bail on\nSELECT * FROM nope;\nSELECT 'not reached';\n");
    assertThat(viaDot.exitCode()).isEqualTo(1);
    assertThat(viaDot.out()).isEmpty();

    Cli.Run offAgain = shell(".bail off\nSELECT * FROM nope;\nSELECT 'reached';\n", "--bail");
    assertThat(offAgain.exitCode()).isEqualTo(1);
    assertThat(offAgain.out()).isEqualTo("reached\n");
  }

  @Test
  void aScriptWithoutErrorsExits0AndTheLastStatementNeedsNoSemicolon() {
    Cli.Run run = shell("CREATE TABLE t(x);\nINSERT INTO t VALUES (42);\nSELECT x FROM t");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("42\n");
    assertThat(run.err()).contains("created namespace 'db'");
  }

  @Test
  void readRunsAFileAndItsErrorsNameTheFileAndLine() throws Exception {
    Path script =
        Files.writeString(
            home.resolve("script.sql"),
            """
        CREATE TABLE t(x);
        INSERT INTO t VALUES (7);
        SELECT x FROM t;
        SELECT y FROM t;
        SELECT 'after the error';
        """);
    Cli.Run run = shell(".read " + script + "\nSELECT 'after read';\n");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("7\nafter the error\nafter read\n");
    assertThat(run.err()).contains("Error: near line 4 of " + script + ": no such column: y");

    Cli.Run bailed =
        cli.runWithInput(
            ".read " + script + "\nSELECT 'after read';\n",
            "shell",
            "fresh",
            "--store",
            store,
            "--bail");
    assertThat(bailed.exitCode()).isEqualTo(1);
    assertThat(bailed.out())
        .as("bail stops the .read file and the script that read it")
        .isEqualTo("7\n");

    Cli.Run missing = shell(".read " + home.resolve("nothing.sql") + "\n");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("cannot open");
  }

  @Test
  void timerPrintsTheRunTimeOfEachStatement() {
    Cli.Run run = shell(".timer on\nSELECT 1;\n.timer off\nSELECT 2;\n");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .matches("1\nRun Time: real \\d+\\.\\d{3} user \\d+\\.\\d{6} sys \\d+\\.\\d{6}\n2\n");
  }

  @Test
  void unknownAndMalformedDotCommandsAreErrors() {
    Cli.Run run = shell(".frobnicate\n", "--bail", "false");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("unknown command or invalid arguments: \"frobnicate\"");
    Cli.Run badMode = shell(".mode fancy\n");
    assertThat(badMode.exitCode()).isEqualTo(1);
    assertThat(badMode.err()).contains("mode should be one of: list csv column line json table");
    Cli.Run help = shell(".help\n.mode\n");
    assertThat(help.out()).contains(".tables ?PATTERN?", ".version", "current output mode: list");
  }

  @Test
  void nullvalueSchemaWithoutPatternAndExitWithACode() {
    Cli.Run run =
        shell(
            """
        CREATE TABLE b(y);
        CREATE TABLE a(x);
        INSERT INTO a VALUES (NULL);
        .nullvalue (null)
        SELECT x FROM a;
        .schema
        .exit 3
        SELECT 'not reached';
        """);
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).isEqualTo("(null)\nCREATE TABLE a(x);\nCREATE TABLE b(y);\n");
    assertThat(shell(".quit\nSELECT 'not reached';\n").out()).isEmpty();
    Cli.Run badExit = shell(".exit soon\n");
    assertThat(badExit.exitCode()).isEqualTo(1);
    assertThat(badExit.err()).contains("Usage: .exit ?CODE?");
  }

  @Test
  void sqlArgumentsRunInsteadOfStandardInput() {
    Cli.Run run =
        cli.runWithInput(
            "SELECT 'stdin is ignored';\n",
            "shell",
            "db",
            "--store",
            store,
            "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2);",
            ".mode csv",
            "SELECT sum(x) FROM t");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("3\r\n");
  }

  @Test
  void openSwitchesToAnotherNamespace() {
    Cli.Run run =
        shell(
            "CREATE TABLE t(x); INSERT INTO t VALUES ('in db');\n.open other\n"
                + "CREATE TABLE t(x); INSERT INTO t VALUES ('in other');\nSELECT x FROM t;\n.open db\nSELECT x FROM t;\n");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("in other\nin db\n");
    assertThat(run.err()).contains("created namespace 'other'");
  }

  @Test
  void aPinnedVersionShowsTheDatabaseAsItWasAndIsReadOnly() {
    Cli.Run first = shell("CREATE TABLE t(x); INSERT INTO t VALUES (1);\n.version\n");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Matcher m = Pattern.compile("([0-9a-f]{20})  db \\(last known version\\)").matcher(first.out());
    assertThat(m.find()).as(first.out()).isTrue();
    String version = m.group(1);
    assertThat(shell("INSERT INTO t VALUES (2), (3);\n").exitCode()).isZero();

    Cli.Run then =
        cli.runWithInput(
            "SELECT count(*) FROM t;\n.version\n", "shell", "db@" + version, "--store", store);
    assertThat(then.exitCode()).as(then.toString()).isZero();
    assertThat(then.out())
        .startsWith("1\n" + version + "  db (pinned: read-only at this version)\n");

    Cli.Run write =
        cli.runWithInput("INSERT INTO t VALUES (4);\n", "shell", "db@" + version, "--store", store);
    assertThat(write.exitCode()).isEqualTo(1);
    assertThat(write.err())
        .contains(
            "Error: near line 1: attempt to write a readonly database [SQLITE_READONLY",
            "'db@"
                + version
                + "' is the database as it was at that version, read-only; open 'db' to write");
    assertThat(shell("SELECT count(*) FROM t;\n").out()).isEqualTo("3\n");
  }

  @Test
  void aPinToAnInstantBeforeTheStoreExistedIsAClearError() {
    assertThat(shell("CREATE TABLE t(x);\n").exitCode()).isZero();
    Cli.Run run = cli.runWithInput("", "shell", "db@2001-01-01T00:00:00Z", "--store", store);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no version is recorded before 2001-01-01T00:00:00Z");
  }

  @Test
  void withNothingConfiguredTheDefaultStoreInHomeIsUsedAndTheNamespaceCreatedOnce() {
    Cli.Run first =
        cli.runWithInput("CREATE TABLE t(x); INSERT INTO t VALUES ('kept');\n", "shell", "test");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.err())
        .isEqualTo("mvsqlite: created namespace 'test' in the embedded store ~/.mvsqlite/store\n");
    assertThat(home.resolve(".mvsqlite/store")).isDirectory();

    Cli.Run second = cli.runWithInput("SELECT x FROM t;\n", "shell", "test");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).isEqualTo("kept\n");
    assertThat(second.err()).isEmpty();

    Path moved = storeDir.resolve("moved");
    Cli.Run elsewhere =
        new Cli(home)
            .env("MVSQLITE_STORE_DIR", moved.toString())
            .runWithInput("SELECT count(*) FROM sqlite_schema;\n", "shell", "test");
    assertThat(elsewhere.out()).isEqualTo("0\n");
    assertThat(moved).isDirectory();
  }

  @Test
  void aStoreHeldByAnotherUserIsReportedWithTheWayOut() {
    Path dir = storeDir.resolve("held");
    try (RocksDbKvStore holder = RocksDbKvStore.open(RocksDbKvConfig.defaults(dir))) {
      Cli.Run run = cli.runWithInput("SELECT 1;\n", "shell", "db", "--store", dir.toString());
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err())
          .contains("is in use by another process")
          .contains("--data-plane http://127.0.0.1:7000");
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void anInteractiveSessionPromptsAndKeepsItsHistory() throws Exception {
    Cli.Run run =
        shell(
            "CREATE TABLE t(x);\nINSERT INTO t VALUES (5);\nSELECT x\n  FROM t;\nSELECT nope;\n.quit\n",
            "--interactive");
    assertThat(run.out())
        .contains("mvSQLite", "Enter \".help\" for usage hints.", "mvsqlite> ", "5");
    assertThat(run.err()).as(run.toString()).contains("Error: no such column: nope");
    assertThat(run.exitCode())
        .as("sqlite3 exits 1 after any error, interactive or not")
        .isEqualTo(1);
    Path history = home.resolve(".mvsqlite_history");
    assertThat(history).exists();
    assertThat(Files.readString(history))
        .contains("INSERT INTO t VALUES (5);", "SELECT x", ".quit");
  }

  @Test
  void invalidCommandLinesExitWith2() {
    Cli.Run noNamespace = cli.run("shell");
    assertThat(noNamespace.exitCode()).isEqualTo(2);
    assertThat(noNamespace.err()).contains("Missing required parameter", "mvsqlite shell --help");
    Cli.Run twoBackends =
        cli.run("shell", "db", "--store", store, "--data-plane", "http://127.0.0.1:1");
    assertThat(twoBackends.exitCode()).isEqualTo(2);
    assertThat(twoBackends.err()).contains("mutually exclusive");
    Cli.Run badUrl = cli.run("shell", "db", "--data-plane", "ftp://x");
    assertThat(badUrl.exitCode()).isEqualTo(2);
    assertThat(badUrl.err()).contains("dataPlane");
    Cli.Run badOption = cli.run("shell", "db", "--frobnicate");
    assertThat(badOption.exitCode()).isEqualTo(2);
  }

  @Test
  void helpDescribesTheShell() {
    Cli.Run run = cli.run("shell", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "NAMESPACE[@VERSION]",
            "--data-plane",
            "--store",
            "--cluster",
            "--bail",
            "--mode",
            "Exit codes");
  }
}
