package io.mvsqlite.cli.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where the shell's lines come from: a terminal (JLine) or a script (a file, a pipe, a command-line
 * argument).
 */
interface LineSource extends AutoCloseable {

  /** What reading a line gave. */
  sealed interface Input permits Line, Interrupt, End {}

  /** A line, without its terminator. */
  record Line(String text) implements Input {}

  /** The user pressed Ctrl-C: drop the statement being typed. */
  record Interrupt() implements Input {}

  /** No more input (end of file, Ctrl-D). */
  record End() implements Input {}

  /**
   * The next line.
   *
   * @param continuation a statement is unfinished (an interactive source shows the continuation
   *     prompt)
   */
  Input next(boolean continuation);

  /** True for a person at a terminal: prompts, no bail, errors without line numbers. */
  boolean interactive();

  @Override
  default void close() {}

  /** Lines of a script. */
  static LineSource of(BufferedReader reader) {
    return new LineSource() {
      @Override
      public Input next(boolean continuation) {
        try {
          String line = reader.readLine();
          return line == null ? new End() : new Line(line);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public boolean interactive() {
        return false;
      }
    };
  }
}
