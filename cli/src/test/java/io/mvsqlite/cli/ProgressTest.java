package io.mvsqlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What progress looks like on standard error: plain lines at most every two seconds when it is not
 * a terminal, a bar redrawn in place when it is, nothing when turned off. Time is a fake clock the
 * test moves.
 */
class ProgressTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private CliContext context(boolean stderrIsTerminal) {
    return new CliContext(
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.<String, String>of()::get,
        false,
        stderrIsTerminal,
        false);
  }

  private void at(double seconds) {
    nanos.set(1_000_000_000L + (long) (seconds * TimeUnit.SECONDS.toNanos(1)));
  }

  private String printed() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutATerminalProgressIsAPlainLineEveryTwoSecondsWithoutControlCharacters() {
    try (Progress p =
        Progress.start(
            context(false),
            Progress.Style.AUTO,
            "importing app.db",
            1000,
            "pages",
            4096,
            nanos::get)) {
      at(0.5);
      p.advance(100);
      assertThat(printed()).as("nothing before the first interval").isEmpty();
      at(2.5);
      p.advance(400);
      assertThat(printed())
          .isEqualTo("importing app.db:  50% 500/1,000 pages, 0.8 MiB/s, 3s left\n");
      at(4.0);
      p.advance(100);
      assertThat(printed()).as("at most one line per interval").hasLineCount(1);
      at(5.0);
      p.advanceTo(1000);
      assertThat(printed())
          .endsWith("importing app.db: 100% 1,000/1,000 pages, 0.8 MiB/s\n")
          .hasLineCount(2);
    }
    assertThat(printed()).doesNotContain("\r", "\u001b").hasLineCount(2);
  }

  @Test
  void onATerminalProgressIsABarRedrawnInPlaceAndErasedAtTheEnd() {
    try (Progress p =
        Progress.start(
            context(true), Progress.Style.AUTO, "exporting app", 1000, "pages", 0, nanos::get)) {
      at(0.05);
      p.advance(250);
      assertThat(printed()).as("redrawn at most every 100 ms").isEmpty();
      at(0.2);
      p.advance(0);
      assertThat(printed())
          .isEqualTo(
              "\rexporting app ["
                  + "#".repeat(8)
                  + ".".repeat(22)
                  + "]  25% 250/1,000 pages, 1s left\u001b[K");
      at(0.25);
      p.advanceTo(1000);
      assertThat(printed())
          .as("the full bar is drawn at once")
          .endsWith("\rexporting app [" + "#".repeat(30) + "] 100% 1,000/1,000 pages\u001b[K");
    }
    assertThat(printed()).endsWith("\r\u001b[K").doesNotContain("\n");
  }

  @Test
  void anUnknownTotalShowsTheCountAndStyleNoneShowsNothing() {
    try (Progress p =
        Progress.start(
            context(false), Progress.Style.PLAIN, "gc of 'app'", -1, "contents", 0, nanos::get)) {
      at(3);
      p.advanceTo(1234);
    }
    assertThat(printed()).isEqualTo("gc of 'app': 1,234 contents\n");

    err.reset();
    try (Progress p =
        Progress.start(context(true), Progress.Style.NONE, "quiet", 10, "pages", 0, nanos::get)) {
      at(10);
      p.advanceTo(10);
      assertThat(p.done()).isEqualTo(10);
    }
    assertThat(printed()).isEmpty();
  }
}
