package io.mvsqlite.cli.shell;

import io.mvsqlite.cli.CliContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;

/**
 * Lines typed at a terminal, with JLine's line editing and a persistent history ({@code
 * ~/.mvsqlite_history}, saved after every line). Prompts are sqlite3's, with our name: {@code
 * mvsqlite> } and {@code ...> }. History expansion ({@code !}) is off: {@code !} belongs to SQL
 * ({@code !=}).
 *
 * <p>On the process's own console JLine opens the system terminal (a dumb one when {@code
 * --interactive} is given on a pipe); other streams (tests) are read through JLine's dumb terminal.
 * Not thread-safe.
 */
final class TerminalLineSource implements LineSource {

  static final String PROMPT = "mvsqlite> ";
  static final String CONTINUATION_PROMPT = "   ...> ";

  private final Terminal terminal;
  private final LineReader reader;

  TerminalLineSource(CliContext ctx, Path historyFile) {
    try {
      // Other streams get JLine's pure-Java dumb terminal: TerminalBuilder would put them behind a
      // pseudo-terminal,
      // whose pump may hit the end of a short input before the first line is read.
      this.terminal =
          ctx.processConsole()
              ? TerminalBuilder.builder().name("mvsqlite").system(true).dumb(true).build()
              : new DumbTerminal(
                  "mvsqlite", Terminal.TYPE_DUMB, ctx.in(), ctx.out(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the terminal", e);
    }
    this.reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("mvsqlite")
            .variable(LineReader.HISTORY_FILE, historyFile)
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .option(LineReader.Option.HISTORY_INCREMENTAL, true)
            .build();
  }

  @Override
  public Input next(boolean continuation) {
    try {
      return new Line(reader.readLine(continuation ? CONTINUATION_PROMPT : PROMPT));
    } catch (UserInterruptException e) {
      return new Interrupt();
    } catch (EndOfFileException e) {
      return new End();
    }
  }

  @Override
  public boolean interactive() {
    return true;
  }

  @Override
  public void close() {
    try {
      reader.getHistory().save();
    } catch (IOException e) {
      // History is a convenience: a read-only home must not fail the session.
    }
    try {
      terminal.close();
    } catch (IOException e) {
      // Nothing left to do with a terminal that will not close.
    }
  }
}
