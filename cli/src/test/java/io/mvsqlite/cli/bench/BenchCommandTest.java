package io.mvsqlite.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.cli.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code bench} wiring: the benchmarks it knows, and a clear usage error for one it does not.
 */
class BenchCommandTest {

  @TempDir Path home;

  @Test
  void helpListsTheBenchmarksAndSaysWhichAreInThisBuild() {
    Cli.Run run = new Cli(home).run("bench", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("kv ", "store ", "sql ");
    for (BenchCommand.Benchmark b : BenchCommand.Benchmark.values()) {
      String line =
          run.out()
              .lines()
              .filter(l -> l.strip().startsWith(b.label() + " "))
              .findFirst()
              .orElseThrow();
      assertThat(line.contains("(not in this build yet)"))
          .as("%s is marked iff its class is missing: %s", b.label(), line)
          .isEqualTo(b.main() == null);
    }
  }

  @Test
  void anUnknownBenchmarkIsAnInvalidCommandLine() {
    Cli.Run run = new Cli(home).run("bench", "disk");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown benchmark 'disk'; choose kv, store or sql");
  }
}
