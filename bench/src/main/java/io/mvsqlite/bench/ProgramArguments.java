package io.mvsqlite.bench;

import java.util.List;
import java.util.function.Function;

/** The command line handling every benchmark program shares. */
final class ProgramArguments {

  private ProgramArguments() {}

  /**
   * The settings {@code args} describe. With {@code --help}, prints {@code usage} and returns
   * {@code null} (the program then ends); with invalid arguments, prints the problem and {@code
   * usage} to standard error and exits with status 2.
   */
  static <S> S parseOrExit(
      String program, String usage, String[] args, Function<String[], S> parse) {
    if (List.of(args).contains("--help")) {
      System.out.print(usage);
      return null;
    }
    try {
      return parse.apply(args);
    } catch (IllegalArgumentException e) {
      System.err.println(program + ": " + e.getMessage());
      System.err.print(usage);
      System.exit(2);
      return null;
    }
  }
}
