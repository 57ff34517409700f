package io.mvsqlite.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line: help, refusal of contradictory flags, and a short real run in direct mode. */
class StressMainTest {

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = StressMain.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit = cmd.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsTheReferenceFlagsAndTheKnobs() {
    Result r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            "--data-plane",
            "--admin-api",
            "--ns-key",
            "--concurrency",
            "--iterations",
            "--pages",
            "--seed",
            "--disable-read-set",
            "--disable-ryw",
            "--permit-410",
            "--duration",
            "--in-process",
            "--direct",
            "--knob-gc-scan-batch-size",
            "--knob-gc-fresh-page-ttl-secs",
            "--knob-commit-multi-phase-threshold",
            "--knob-commit-staged-threshold",
            "--faults");
  }

  @Test
  void engineKnobsAgainstARunningServerAreRefused() {
    Result r = run("--data-plane", "http://127.0.0.1:7000", "--knob-gc-scan-batch-size", "50");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--in-process or --direct");
  }

  @Test
  void aTargetIsRequiredAndOnlyOne() {
    assertThat(run("--concurrency", "2").exit()).isEqualTo(2);
    assertThat(run("--in-process", "--direct").exit()).isEqualTo(2);
  }

  @Test
  void badValuesAreRefused() {
    assertThat(run("--direct", "--concurrency", "0").exit()).isEqualTo(2);
    assertThat(run("--direct", "--duration", "soon").exit()).isEqualTo(2);
    assertThat(run("--direct", "--faults", "1.5").exit()).isEqualTo(2);
  }

  @Test
  void durationsAcceptShortAndIsoForms() {
    StressMain.DurationConverter c = new StressMain.DurationConverter();
    assertThat(c.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(c.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.convert("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(c.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void aShortDirectRunPassesAndPrintsItsTable() {
    Result r =
        run(
            "--direct",
            "--concurrency",
            "4",
            "--iterations",
            "60",
            "--pages",
            "30",
            "--seed",
            "77",
            "--faults",
            "0.002",
            "--knob-gc-scan-batch-size",
            "10");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("mvstore-stress PASSED", "--seed 77", "VIOLATIONS", "commits");
  }
}
