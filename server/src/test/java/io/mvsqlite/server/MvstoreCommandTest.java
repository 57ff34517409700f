package io.mvsqlite.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.mvsqlite.store.StoreConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line: the reference's flags and environment variables, our additions, defaults,
 * errors, help.
 */
class MvstoreCommandTest {

  @TempDir Path dir;

  private static MvstoreConfig parse(Map<String, String> env, String... args) {
    MvstoreCommand command = new MvstoreCommand();
    CommandLine cl = new CommandLine(command);
    cl.setDefaultValueProvider(new FlagDefaults(env::get));
    cl.parseArgs(args);
    return command.toConfig();
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run execute(Map<String, String> env, String... args) {
    CommandLine cl = MvstoreCommand.commandLine();
    cl.setDefaultValueProvider(new FlagDefaults(env::get));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void defaultsAreTheReferencesWithPrefixesMvstoreAndM() {
    MvstoreConfig c = parse(Map.of(), "--data-plane", "127.0.0.1:7000");
    assertThat(c.store()).isEqualTo(StoreConfig.defaults("mvstore", "m"));
    assertThat(c.dataPlane()).isEqualTo(new ListenAddress("127.0.0.1", 7000));
    assertThat(c.adminApi()).isNull();
    assertThat(c.adminToken()).isNull();
    assertThat(c.drTag()).isEqualTo("default");
    assertThat(c.backend()).isEqualTo(new MvstoreConfig.Embedded(Path.of("./mvstore-data"), true));
  }

  @Test
  void everyReferenceFlagIsAcceptedWithItsMeaning() {
    MvstoreConfig c =
        parse(
            Map.of(),
            "--data-plane",
            "0.0.0.0:7000",
            "--admin-api",
            "127.0.0.1:7001",
            "--json",
            "--fdb-buggify",
            "--cluster",
            "/etc/foundationdb/fdb.cluster",
            "--raw-data-prefix",
            "r",
            "--metadata-prefix",
            "meta",
            "--auto-create-namespace",
            "--content-cache-size",
            "123",
            "--wire-zstd",
            "--verify-page-hashes",
            "--dr-tag",
            "dr1",
            "--knob-gc-scan-batch-size",
            "11",
            "--knob-gc-fresh-page-ttl-secs",
            "12",
            "--knob-commit-multi-phase-threshold",
            "13",
            "--knob-plcc-read-set-size-threshold",
            "14",
            "--knob-nslock-rollback-scan-batch-size",
            "15",
            "--truncate-min-age-seconds",
            "16",
            "--knob-commit-staged-threshold",
            "17");
    StoreConfig expected =
        StoreConfig.defaults("meta", "r")
            .withAutoCreateNamespace(true)
            .withContentCacheSize(123)
            .withWireZstd(true)
            .withVerifyPageHashes(true)
            .withGcScanBatchSize(11)
            .withGcFreshPageTtlSecs(12)
            .withCommitMultiPhaseThreshold(13)
            .withPlccReadSetSizeThreshold(14)
            .withNslockRollbackScanBatchSize(15)
            .withTruncateMinAgeSeconds(16)
            .withCommitStagedThreshold(17);
    assertThat(c.store()).isEqualTo(expected);
    assertThat(c.jsonLogs()).isTrue();
    assertThat(c.drTag()).isEqualTo("dr1");
    assertThat(c.backend())
        .isEqualTo(new MvstoreConfig.FoundationDb(Path.of("/etc/foundationdb/fdb.cluster"), true));
    assertThat(parse(Map.of(), "--data-plane", "7000", "--read-only").store().readOnly()).isTrue();
  }

  @Test
  void environmentVariablesProvideDefaultsAndFlagsWin() {
    Map<String, String> env =
        Map.of(
            "MVSTORE_DATA_PLANE", "127.0.0.1:7100",
            "MVSTORE_ADMIN_API", "127.0.0.1:7101",
            "MVSTORE_KNOB_GC_SCAN_BATCH_SIZE", "42",
            "MVSTORE_METADATA_PREFIX", "envmeta",
            "MVSTORE_ADMIN_TOKEN", "tok",
            "MVSTORE_STORE_DIR", "/tmp/envstore");
    MvstoreConfig c = parse(env);
    assertThat(c.dataPlane().port()).isEqualTo(7100);
    assertThat(c.adminApi().port()).isEqualTo(7101);
    assertThat(c.store().gcScanBatchSize()).isEqualTo(42);
    assertThat(c.store().metadataPrefix()).isEqualTo("envmeta");
    assertThat(c.adminToken()).isEqualTo("tok");
    assertThat(c.backend()).isEqualTo(new MvstoreConfig.Embedded(Path.of("/tmp/envstore"), true));

    MvstoreConfig flags =
        parse(env, "--knob-gc-scan-batch-size", "7", "--data-plane", "127.0.0.1:7200");
    assertThat(flags.store().gcScanBatchSize()).isEqualTo(7);
    assertThat(flags.dataPlane().port()).isEqualTo(7200);
  }

  @Test
  void ourFlagsSelectTheEmbeddedStoreDurabilityAndToken() {
    MvstoreConfig c =
        parse(
            Map.of(),
            "--data-plane",
            "7000",
            "--store-dir",
            dir.toString(),
            "--no-sync",
            "--admin-token",
            "x",
            "--admin-api",
            "0.0.0.0:7001");
    assertThat(c.backend()).isEqualTo(new MvstoreConfig.Embedded(dir, false));
    assertThat(c.adminToken()).isEqualTo("x");
    assertThat(c.toString()).doesNotContain("\"x\"").contains("adminToken=***");
  }

  @Test
  void helpNamesEveryFlagAndEnvironmentVariable() {
    Run run = execute(Map.of(), "--help");
    assertThat(run.exitCode()).isZero();
    FlagDefaults.environmentVariables()
        .forEach(
            (flag, env) -> {
              assertThat(run.out()).contains(flag);
              assertThat(run.out()).as("help mentions %s for %s", env, flag).contains(env);
            });
    assertThat(run.out())
        .contains(
            "--json",
            "--fdb-buggify",
            "--auto-create-namespace",
            "--wire-zstd",
            "--read-only",
            "--no-sync",
            "(default: ./mvstore-data)",
            "(default: 5000)");
  }

  @Test
  void invalidFlagsExitWith2AndSayWhy() {
    Run badAddress = execute(Map.of(), "--data-plane", "localhost:notaport");
    assertThat(badAddress.exitCode()).isEqualTo(2);
    assertThat(badAddress.err()).contains("invalid listen address 'localhost:notaport'");

    Run nothing = execute(Map.of());
    assertThat(nothing.exitCode()).isEqualTo(2);
    assertThat(nothing.err()).contains("nothing to serve");

    Run exposed = execute(Map.of(), "--admin-api", "0.0.0.0:0", "--store-dir", dir.toString());
    assertThat(exposed.exitCode()).isEqualTo(2);
    assertThat(exposed.err()).contains("--admin-token");

    Run badNumber = execute(Map.of(), "--data-plane", "7000", "--content-cache-size", "lots");
    assertThat(badNumber.exitCode()).isEqualTo(2);
    assertThat(badNumber.err()).contains("--content-cache-size");
  }

  @Test
  void aClusterWithoutTheFoundationDbClientFailsNamingWhatToInstall() throws Exception {
    assumeThat(
            Files.exists(Path.of("/usr/lib/libfdb_c.so"))
                || Files.exists(Path.of("/usr/lib64/libfdb_c.so")))
        .as("the FoundationDB client library is installed here, so it cannot be missing")
        .isFalse();
    Path cluster = Files.writeString(dir.resolve("fdb.cluster"), "test:test@127.0.0.1:4500\n");
    Run run = execute(Map.of(), "--data-plane", "127.0.0.1:0", "--cluster", cluster.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("cannot open the store")
        .contains("install the FoundationDB client packages");
  }
}
