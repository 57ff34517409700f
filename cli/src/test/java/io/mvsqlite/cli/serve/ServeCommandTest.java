package io.mvsqlite.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.cli.Cli;
import io.mvsqlite.cli.CliContext;
import io.mvsqlite.server.ListenAddress;
import io.mvsqlite.server.MvstoreCommand;
import io.mvsqlite.server.MvstoreConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mvsqlite serve} is mvstore with laptop defaults: the shell's default store, :7000 and
 * :7001 on loopback; an {@code MVSTORE_*} variable wins over those defaults and a flag over both.
 */
class ServeCommandTest {

  @TempDir Path home;

  private MvstoreConfig parse(Map<String, String> env, String... args) {
    CliContext ctx =
        CliContext.of(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(new ByteArrayOutputStream()),
            env);
    CommandLine cl = ServeCommand.commandLine(ctx);
    cl.parseArgs(args);
    return ((MvstoreCommand) cl.getCommand()).toConfig();
  }

  @Test
  void defaultsServeTheShellsDefaultStoreOnLoopbackPorts7000And7001() {
    MvstoreConfig config = parse(Map.of("HOME", home.toString()));
    assertThat(config.dataPlane()).isEqualTo(new ListenAddress("127.0.0.1", 7000));
    assertThat(config.adminApi()).isEqualTo(new ListenAddress("127.0.0.1", 7001));
    assertThat(config.backend())
        .isInstanceOfSatisfying(
            MvstoreConfig.Embedded.class,
            e -> assertThat(e.directory()).isEqualTo(home.resolve(".mvsqlite").resolve("store")));

    MvstoreConfig moved = parse(Map.of("HOME", home.toString(), "MVSQLITE_STORE_DIR", "/srv/mv"));
    assertThat(moved.backend())
        .isInstanceOfSatisfying(
            MvstoreConfig.Embedded.class,
            e -> assertThat(e.directory()).isEqualTo(Path.of("/srv/mv")));
  }

  @Test
  void mvstoreVariablesWinOverTheDefaultsAndFlagsOverBoth() {
    Map<String, String> env =
        Map.of(
            "HOME",
            home.toString(),
            "MVSTORE_DATA_PLANE",
            "127.0.0.1:9000",
            "MVSTORE_STORE_DIR",
            "/srv/env");
    MvstoreConfig fromEnv = parse(env);
    assertThat(fromEnv.dataPlane()).isEqualTo(new ListenAddress("127.0.0.1", 9000));
    assertThat(fromEnv.adminApi()).isEqualTo(new ListenAddress("127.0.0.1", 7001));
    assertThat(fromEnv.backend())
        .isInstanceOfSatisfying(
            MvstoreConfig.Embedded.class,
            e -> assertThat(e.directory()).isEqualTo(Path.of("/srv/env")));

    MvstoreConfig fromFlags =
        parse(env, "--data-plane", "127.0.0.1:9100", "--store-dir", "/srv/flag");
    assertThat(fromFlags.dataPlane()).isEqualTo(new ListenAddress("127.0.0.1", 9100));
    assertThat(fromFlags.backend())
        .isInstanceOfSatisfying(
            MvstoreConfig.Embedded.class,
            e -> assertThat(e.directory()).isEqualTo(Path.of("/srv/flag")));
  }

  @Test
  void helpShowsTheLaptopDefaults() {
    Cli.Run run = new Cli(home).env("MVSQLITE_STORE_DIR", "/srv/mv").run("serve", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("127.0.0.1:7000", "127.0.0.1:7001", "/srv/mv", "--admin-token");
  }
}
