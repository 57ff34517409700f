package io.mvsqlite.cli;

import java.nio.file.Path;

/**
 * Where {@code mvsqlite} keeps things in the user's home when told nothing else: the embedded store
 * that the shell, import and {@code serve} use by default, and the shell's history. One place, so
 * that {@code mvsqlite shell test} and {@code mvsqlite serve} find the same store.
 */
public final class UserPaths {

  /** The environment variable that moves the default store. */
  public static final String STORE_DIR_ENV = "MVSQLITE_STORE_DIR";

  private UserPaths() {}

  /** {@code $MVSQLITE_STORE_DIR}, else {@code ~/.mvsqlite/store}. */
  public static Path defaultStoreDir(CliContext ctx) {
    String dir = ctx.getenv(STORE_DIR_ENV);
    return dir != null ? Path.of(dir) : ctx.home().resolve(".mvsqlite").resolve("store");
  }

  /** The shell's history: {@code ~/.mvsqlite_history}. */
  public static Path historyFile(CliContext ctx) {
    return ctx.home().resolve(".mvsqlite_history");
  }

  /** {@code path} with the home directory written as {@code ~}, for messages. */
  public static String display(CliContext ctx, Path path) {
    Path abs = path.toAbsolutePath().normalize();
    Path home = ctx.home().toAbsolutePath().normalize();
    if (abs.startsWith(home) && !abs.equals(home)) {
      return "~/" + home.relativize(abs);
    }
    return abs.toString();
  }
}
