package io.mvsqlite.cli;

import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * Whether a standard stream of this process is a terminal. The JDK only says whether the process
 * has a console; the shell needs to know about standard input (interactive or a script) and
 * progress bars about standard error, so this asks JLine's terminal providers ({@code isatty}
 * through FFM, JNI or an external command, whichever loads). If none loads, the JDK's console
 * decides for all three streams.
 */
public final class Terminals {

  /** A standard stream. */
  public enum Stream {
    INPUT(SystemStream.Input),
    OUTPUT(SystemStream.Output),
    ERROR(SystemStream.Error);

    private final SystemStream jline;

    Stream(SystemStream jline) {
      this.jline = jline;
    }
  }

  private static final String[] PROVIDERS = {"ffm", "jni", "exec"};

  private Terminals() {}

  /** True if {@code stream} of this process is a terminal. */
  public static boolean isTerminal(Stream stream) {
    for (String name : PROVIDERS) {
      try {
        return TerminalProvider.load(name).isSystemStream(stream.jline);
      } catch (Exception | LinkageError e) {
        // This provider is not available here (no native access, no JNI library, no stty): try the
        // next one.
      }
    }
    java.io.Console console = System.console();
    return console != null && console.isTerminal();
  }
}
