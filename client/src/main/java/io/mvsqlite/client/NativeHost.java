package io.mvsqlite.client;

import io.mvsqlite.client.sqlite.SqliteBinding;
import io.mvsqlite.protocol.MvException;

/**
 * The Java side of the {@code LD_PRELOAD} shim (module {@code preload}, docs/drop-in.md): a native
 * program such as the {@code sqlite3} shell or Python gets mvSQLite without being changed. On the
 * program's first {@code sqlite3_open*} the shim creates a JVM inside the process and calls {@link
 * #start} through JNI; from then on every database the program opens without naming another VFS is
 * an mvSQLite namespace.
 *
 * <p>Configured like every client: {@code MVSQLITE_*} environment variables, or {@code
 * -Dmvsqlite.*} options given in {@code MVSQLITE_JAVA_OPTS} ({@link ClientConfig#fromProcess()}).
 *
 * <p>Both methods return plain values instead of throwing, because their caller is C code: it
 * prints the message and fails the program's open with {@code SQLITE_CANTOPEN}. Thread-safe and
 * idempotent.
 */
public final class NativeHost {

  private NativeHost() {}

  /**
   * Binds the host program's own SQLite (the shared library at {@code libsqlitePath}, found by the
   * shim with {@code dladdr} on the real {@code sqlite3_open_v2}), registers the mvSQLite VFSes and
   * makes {@code mvsqlite} the default.
   *
   * @return {@code null} when mvSQLite is installed, else a message for the user saying what is
   *     wrong
   */
  public static String start(String libsqlitePath) {
    try {
      AutocommitRetry.fromProcess();
      MvSqlite.install(SqliteBinding.forNativeLibrary(libsqlitePath), true);
      return null;
    } catch (MvException e) {
      return e.getMessage();
    } catch (RuntimeException | LinkageError e) {
      return "cannot install mvSQLite into " + libsqlitePath + ": " + e;
    }
  }

  /**
   * The autocommit retry policy for the shim's {@code sqlite3_step} ({@link
   * AutocommitRetry#fromProcess()}), as {@code {maxRetries, firstDelayMicros, maxDelayMicros}}.
   * Call it after a successful {@link #start}, which has validated the configuration; an invalid
   * value here yields the defaults.
   */
  public static long[] autocommitRetry() {
    AutocommitRetry policy;
    try {
      policy = AutocommitRetry.fromProcess();
    } catch (MvException e) {
      policy = AutocommitRetry.defaults();
    }
    return new long[] {
      policy.maxRetries(), policy.firstDelay().toNanos() / 1000, policy.maxDelay().toNanos() / 1000
    };
  }
}
