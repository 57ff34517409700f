package io.mvsqlite.cli;

/**
 * A failure {@code mvsqlite} reports to the user as one message (printed as {@code mvsqlite:
 * <message>}) and an exit code: {@link #FAILURE} when the work failed, {@link #USAGE} when the
 * command line asked for something impossible. Messages say what to do about the problem.
 */
public final class CliException extends RuntimeException {

  /** The exit code of a successful run. */
  public static final int OK = 0;

  /**
   * The exit code when the work failed (a server down, a namespace missing, a corrupt file, ...).
   */
  public static final int FAILURE = 1;

  /**
   * The exit code of an invalid command line (unknown option, missing argument, conflicting
   * options).
   */
  public static final int USAGE = 2;

  private final int exitCode;

  private CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public static CliException failure(String message) {
    return new CliException(FAILURE, message, null);
  }

  public static CliException failure(String message, Throwable cause) {
    return new CliException(FAILURE, message, cause);
  }

  public static CliException usage(String message) {
    return new CliException(USAGE, message, null);
  }

  public int exitCode() {
    return exitCode;
  }
}
