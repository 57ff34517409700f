package io.mvsqlite.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.cli.Cli;
import io.mvsqlite.cli.TestServer;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.protocol.wire.Json;
import io.mvsqlite.protocol.wire.JsonBodies;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ns} and {@code fork} against a real mvstore whose admin API requires a token, plus the
 * shell over HTTP to write the data they work on.
 */
class AdminCommandsTest {

  @TempDir static Path dir;
  private static TestServer server;
  private static Cli cli;

  @BeforeAll
  static void start() {
    server = TestServer.start(dir.resolve("store"), c -> c.withGcFreshPageTtlSecs(0));
    cli = new Cli(dir).env("MVSQLITE_ADMIN_TOKEN", TestServer.TOKEN);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Cli.Run ns(String... args) {
    String[] full = new String[args.length + 3];
    full[0] = "ns";
    System.arraycopy(args, 0, full, 1, args.length);
    full[args.length + 1] = "--admin-api";
    full[args.length + 2] = server.adminApi();
    return cli.run(full);
  }

  private static Cli.Run sql(String namespace, String script) {
    return cli.runWithInput(script, "shell", namespace, "--data-plane", server.dataPlane());
  }

  private static String versionOf(String namespace) {
    Cli.Run run = sql(namespace, ".version\n");
    Matcher m = Pattern.compile("^([0-9a-f]{20}) ").matcher(run.out());
    assertThat(m.find()).as(run.toString()).isTrue();
    return m.group(1);
  }

  @Test
  void createListStatRenameDelete() {
    Cli.Run created = ns("create", "alpha", "beta");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.out()).isEqualTo("created namespace 'alpha'\ncreated namespace 'beta'\n");

    Cli.Run again = ns("create", "alpha", "gamma");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.out()).isEqualTo("created namespace 'gamma'\n");
    assertThat(again.err())
        .contains("this key already exists", "[NAMESPACE_EXISTS, SQLSTATE 42710]");

    assertThat(ns("list").out().lines().toList()).contains("alpha", "beta", "gamma");
    assertThat(ns("list", "al").out()).isEqualTo("alpha\n");
    assertThat(ns("list", "-l", "be").out()).matches("[0-9a-f]{20}  beta\n");
    String json = ns("list", "--json", "gam").out().strip();
    JsonBodies.ListEntry entry = Json.read(json.getBytes(), JsonBodies.ListEntry.class);
    assertThat(entry.nskey()).isEqualTo("gamma");

    Cli.Run stat = ns("stat", "alpha");
    assertThat(stat.exitCode()).isZero();
    assertThat(stat.out())
        .startsWith("namespace         alpha\nid                ")
        .contains("lock              none\n", "fork of           -\n", "truncated before  -\n");
    JsonBodies.StatNamespaceResponse statJson =
        Json.read(
            ns("stat", "--json", "beta").out().strip().getBytes(),
            JsonBodies.StatNamespaceResponse.class);
    assertThat(statJson.nskey()).isEqualTo("beta");

    Cli.Run renamed = ns("rename", "alpha", "alpha2");
    assertThat(renamed.exitCode()).isZero();
    assertThat(renamed.out()).isEqualTo("renamed namespace 'alpha' to 'alpha2'\n");
    assertThat(ns("list", "alpha").out()).isEqualTo("alpha2\n");

    Cli.Run deleted = ns("delete", "alpha2", "gamma");
    assertThat(deleted.exitCode()).isZero();
    assertThat(ns("list", "alpha").out()).isEmpty();

    Cli.Run missing = ns("stat", "alpha");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("[NAMESPACE_NOT_FOUND, SQLSTATE 3D000]");
    assertThat(ns("delete", "nothing-here").exitCode()).isEqualTo(1);
  }

  @Test
  void theAdminTokenIsRequiredAndItsAbsenceExplained() {
    Cli.Run wrong =
        cli.run("ns", "list", "--admin-api", server.adminApi(), "--admin-token", "wrong");
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err())
        .contains("401", "UNAUTHORIZED", "--admin-token or MVSQLITE_ADMIN_TOKEN");
    Cli.Run none = new Cli(dir).run("ns", "list", "--admin-api", server.adminApi());
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).contains("UNAUTHORIZED");
  }

  @Test
  void anUnreachableAdminApiSaysWhatToStartOrUse() {
    Cli.Run run = cli.run("ns", "list", "--admin-api", "127.0.0.1:1");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "cannot reach the mvstore admin API at http://127.0.0.1:1",
            "mvsqlite serve",
            "--store DIR");
    Cli.Run conflicting =
        cli.run("ns", "list", "--admin-api", server.adminApi(), "--store", dir.toString());
    assertThat(conflicting.exitCode()).isEqualTo(2);
  }

  @Test
  void theShellWorksOverHttpAndReportsMissingNamespacesAndServers() {
    assertThat(ns("create", "web").exitCode()).isZero();
    Cli.Run run =
        cli.runWithInput(
            "CREATE TABLE t(x, y); INSERT INTO t VALUES (1, 'one'), (2, 'two');\n"
                + "SELECT * FROM t ORDER BY x;\n",
            "shell",
            "web",
            "--data-plane",
            server.dataPlane(),
            "--mode",
            "json");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("[{\"x\":1,\"y\":\"one\"},\n{\"x\":2,\"y\":\"two\"}]\n");
    assertThat(run.err()).isEmpty();

    Cli.Run missing = sql("nowhere", "SELECT 1;\n");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err())
        .contains("namespace 'nowhere' does not exist", "mvsqlite ns create nowhere");

    Cli.Run down =
        cli.runWithInput("SELECT 1;\n", "shell", "web", "--data-plane", "http://127.0.0.1:1");
    assertThat(down.exitCode()).isEqualTo(1);
    assertThat(down.err()).contains("cannot reach mvstore http://127.0.0.1:1", "mvsqlite serve");

    Cli.Run viaEnv =
        new Cli(dir)
            .env("MVSQLITE_DATA_PLANE", server.dataPlane())
            .runWithInput("SELECT count(*) FROM t;\n", "shell", "web");
    assertThat(viaEnv.out()).isEqualTo("2\n");
  }

  @Test
  void forkStartsFromTheBaseAtAVersionOrInstantAndKeepsTheBase() {
    assertThat(ns("create", "base").exitCode()).isZero();
    Cli.Run first = sql("base", "CREATE TABLE t(x); INSERT INTO t VALUES ('v1');\n.version\n");
    String v1 = first.out().substring(0, 20);
    Instant atV1 = server.awaitTimePointAfter(v1);
    assertThat(sql("base", "UPDATE t SET x = 'v2';\n").exitCode()).isZero();

    Cli.Run fork = cli.run("fork", "base@" + v1, "copy", "--admin-api", server.adminApi());
    assertThat(fork.exitCode()).as(fork.toString()).isZero();
    assertThat(fork.out()).isEqualTo("forked 'base' at version " + v1 + " into 'copy'\n");
    assertThat(sql("copy", "SELECT x FROM t;\nUPDATE t SET x = 'copy';\nSELECT x FROM t;\n").out())
        .isEqualTo("v1\ncopy\n");
    assertThat(sql("base", "SELECT x FROM t;\n").out()).isEqualTo("v2\n");

    Cli.Run byInstant =
        cli.run(
            "fork",
            "base@" + atV1,
            "copy2",
            "--admin-api",
            server.adminApi(),
            "--data-plane",
            server.dataPlane());
    assertThat(byInstant.exitCode()).as(byInstant.toString()).isZero();
    assertThat(sql("copy2", "SELECT x FROM t;\n").out()).isEqualTo("v1\n");

    Cli.Run head = cli.run("fork", "base", "copy3", "--admin-api", server.adminApi());
    assertThat(head.out()).isEqualTo("forked 'base' at its newest version into 'copy3'\n");
    assertThat(sql("copy3", "SELECT x FROM t;\n").out()).isEqualTo("v2\n");

    assertThat(sql("base", "UPDATE t SET x = 'v3';\n").exitCode()).isZero();
    assertThat(sql("copy3", "SELECT x FROM t;\n").out())
        .as("later writes to the base stay out of forks")
        .isEqualTo("v2\n");
    assertThat(sql("copy", "SELECT x FROM t;\n").out()).isEqualTo("copy\n");

    Cli.Run deleteBase = ns("delete", "base");
    assertThat(deleteBase.exitCode()).isEqualTo(1);
    assertThat(deleteBase.err()).contains("NAMESPACE_HAS_CHILDREN");
  }

  @Test
  void forkRefusesAnExistingTargetAMissingBaseAndBadVersionsChangingNothing() {
    assertThat(ns("create", "fbase", "ftaken").exitCode()).isZero();
    assertThat(sql("fbase", "CREATE TABLE t(x); INSERT INTO t VALUES (1);\n").exitCode()).isZero();

    Cli.Run taken = cli.run("fork", "fbase", "ftaken", "--admin-api", server.adminApi());
    assertThat(taken.exitCode()).isEqualTo(1);
    assertThat(taken.err()).contains("cannot fork 'fbase' into 'ftaken'", "NAMESPACE_EXISTS");
    assertThat(sql("ftaken", "SELECT count(*) FROM sqlite_schema;\n").out())
        .as("the target is untouched")
        .isEqualTo("0\n");

    Cli.Run noBase = cli.run("fork", "fnothing", "fnew", "--admin-api", server.adminApi());
    assertThat(noBase.exitCode()).isEqualTo(1);
    assertThat(noBase.err()).contains("cannot fork 'fnothing' into 'fnew'", "NAMESPACE_NOT_FOUND");

    Cli.Run badPin = cli.run("fork", "fbase@yesterday", "fnew", "--admin-api", server.adminApi());
    assertThat(badPin.exitCode()).isEqualTo(2);
    assertThat(badPin.err()).contains("invalid version pin 'yesterday'");

    Cli.Run future =
        cli.run("fork", "fbase@ffffffffffffffffffff", "fnew", "--admin-api", server.adminApi());
    assertThat(future.exitCode()).as(future.toString()).isEqualTo(1);
    assertThat(ns("list", "fnew").out()).as("no fork was created").isEmpty();
  }

  @Test
  void truncateAndGcAreDryRunsUnlessAppliedAndShowProgress() {
    assertThat(ns("create", "hist").exitCode()).isZero();
    assertThat(
            sql("hist", "CREATE TABLE t(x); INSERT INTO t VALUES (printf('v1%3000d', 0));\n")
                .exitCode())
        .isZero();
    Version v1 = Version.parse(versionOf("hist"));
    for (int i = 2; i <= 4; i++) {
      assertThat(sql("hist", "UPDATE t SET x = printf('v" + i + "%3000d', 0);\n").exitCode())
          .isZero();
    }
    String head = versionOf("hist");

    Cli.Run dry = ns("truncate", "hist", "--before", head, "--progress", "plain");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    Matcher wouldDelete =
        Pattern.compile(
                "dry run: (\\d+) page versions of 'hist' older than "
                    + head
                    + " would be deleted; add --apply to delete them\n")
            .matcher(dry.out());
    assertThat(wouldDelete.matches()).as(dry.out()).isTrue();
    assertThat(Long.parseLong(wouldDelete.group(1))).isPositive();
    // mvstore serves reads at a version from a KV snapshot it keeps for 2 s per requested version
    // (ReadVersionCache),
    // so a version read shortly before the truncation could still be answered from before it. Each
    // check reads at a
    // version requested for the first time: v1 with another batch order, which names the same
    // database state.
    assertThat(
            cli.runWithInput(
                    "SELECT substr(x, 1, 2) FROM t;\n",
                    "shell",
                    "hist@" + sameState(v1, 2),
                    "--data-plane",
                    server.dataPlane())
                .out())
        .as("a dry run changes nothing")
        .isEqualTo("v1\n");

    Cli.Run applied = ns("truncate", "hist", "--before", head, "--apply");
    assertThat(applied.exitCode()).isZero();
    assertThat(applied.out())
        .isEqualTo(
            "deleted "
                + wouldDelete.group(1)
                + " page versions of 'hist' older than "
                + head
                + "\n");
    Cli.Run old =
        cli.runWithInput(
            "SELECT substr(x, 1, 2) FROM t;\n",
            "shell",
            "hist@" + sameState(v1, 1),
            "--data-plane",
            server.dataPlane());
    assertThat(old.exitCode()).as(old.toString()).isEqualTo(1);
    assertThat(old.err()).contains("VERSION_TRUNCATED");
    assertThat(ns("stat", "hist").out()).contains("truncated before  " + head);

    Cli.Run gcDry = ns("gc", "hist");
    assertThat(gcDry.exitCode()).isZero();
    Matcher unreferenced =
        Pattern.compile("dry run: (\\d+) unreferenced page contents").matcher(gcDry.out());
    assertThat(unreferenced.find()).as(gcDry.out()).isTrue();
    assertThat(Long.parseLong(unreferenced.group(1))).isPositive();
    Cli.Run gc = ns("gc", "hist", "--apply");
    assertThat(gc.out())
        .isEqualTo("deleted " + unreferenced.group(1) + " unreferenced page contents of 'hist'\n");
    assertThat(ns("gc", "hist").out()).startsWith("dry run: 0 unreferenced");
    Cli.Run intact = sql("hist", "SELECT substr(x, 1, 2) FROM t;\nPRAGMA integrity_check;\n");
    assertThat(intact.out()).isEqualTo("v4\nok\n");

    Cli.Run tooEarly =
        ns(
            "truncate",
            "hist",
            "--before",
            "2000-01-01T00:00:00Z",
            "--data-plane",
            server.dataPlane());
    assertThat(tooEarly.exitCode()).isEqualTo(1);
    assertThat(tooEarly.err()).contains("no version is recorded before 2000-01-01T00:00:00Z");
    Cli.Run noDataPlane =
        ns(
            "truncate",
            "hist",
            "--before",
            "2030-01-01T00:00:00Z",
            "--data-plane",
            "http://127.0.0.1:1");
    assertThat(noDataPlane.exitCode()).isEqualTo(1);
    assertThat(noDataPlane.err())
        .contains("cannot map 2030-01-01T00:00:00Z to a version", "--data-plane");
    Cli.Run noBefore = ns("truncate", "hist");
    assertThat(noBefore.exitCode()).isEqualTo(2);
  }

  @Test
  void theSameCommandsRunInProcessOnAStore() {
    String store = dir.resolve("local").toString();
    Cli.Run created = cli.run("ns", "create", "here", "--store", store);
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(cli.run("ns", "list", "--store", store).out()).isEqualTo("here\n");
    assertThat(
            cli.runWithInput(
                    "CREATE TABLE t(x); INSERT INTO t VALUES (1);\n",
                    "shell",
                    "here",
                    "--store",
                    store)
                .exitCode())
        .isZero();
    Cli.Run fork = cli.run("fork", "here", "there", "--store", store);
    assertThat(fork.exitCode()).as(fork.toString()).isZero();
    assertThat(cli.runWithInput("SELECT x FROM t;\n", "shell", "there", "--store", store).out())
        .isEqualTo("1\n");
    Cli.Run gc = cli.run("ns", "gc", "here", "--store", store, "--progress", "none");
    assertThat(gc.out()).startsWith("dry run: ");
    assertThat(cli.run("ns", "stat", "there", "--store", store).out())
        .contains("fork of           namespace id");
  }

  /**
   * {@code v} with batch order {@code batch}: a version naming the same state when nothing
   * committed right after.
   */
  private static String sameState(Version v, int batch) {
    return Version.of(v.commitVersion(), batch).hex();
  }
}
