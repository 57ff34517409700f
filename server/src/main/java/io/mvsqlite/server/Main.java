package io.mvsqlite.server;

/**
 * {@code mvstore}: the process entry point (see {@link MvstoreCommand} for the flags; bin/mvstore
 * runs it).
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(MvstoreCommand.commandLine().execute(args));
  }
}
