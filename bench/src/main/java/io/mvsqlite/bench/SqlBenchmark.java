package io.mvsqlite.bench;

import io.mvsqlite.kv.rocksdb.RocksDbKvConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code mvsqlite bench}: SQL workloads on local SQLite and on mvSQLite (over loopback HTTP and in
 * direct mode), in one run on one machine, with the ratios against local SQLite checked against
 * their targets.
 *
 * <p>A benchmark program, not a test. The systems run one after the other, each on fresh data in a
 * working directory that is deleted afterwards: local SQLite through sqlite-jdbc (a file, {@code
 * journal_mode=DELETE}, {@code synchronous=FULL}, 8 KiB pages like mvSQLite's); mvSQLite through
 * the same sqlite-jdbc with the mvSQLite VFS, over HTTP to an mvstore (Jetty) on a loopback port of
 * this process, or in direct mode (the engine in-process), both on the embedded store with synced
 * commits. The workloads ({@link SqlPointReads}, {@link SqlWrites}, {@link SqlUpdates}, {@link
 * SqlScans}) each say what they do; every one checks its results, so a broken system cannot give a
 * fast, wrong number.
 *
 * <p>The mvSQLite connections go through a {@link TimedPageStore}, so the report ends with a
 * breakdown: stat and read round trips, pages read, uploads and commits per transaction, and the
 * time spent in them. Progress goes to standard error, the report to standard output.
 */
public final class SqlBenchmark {

  private SqlBenchmark() {}

  public static void main(String[] args) throws SQLException {
    SqlBenchmarkSettings settings =
        ProgramArguments.parseOrExit(
            "SqlBenchmark", SqlBenchmarkSettings.USAGE, args, SqlBenchmarkSettings::parse);
    if (settings == null) {
      return;
    }
    System.out.print(run(settings, System.err).table());
  }

  /** Runs the benchmark, reporting progress on standard error. */
  public static SqlBenchmarkResult run(SqlBenchmarkSettings settings) throws SQLException {
    return run(settings, System.err);
  }

  public static SqlBenchmarkResult run(SqlBenchmarkSettings settings, PrintStream progress)
      throws SQLException {
    Path dir = Directories.createOrTemporary(settings.dir(), "mvsqlite-sqlbench");
    try {
      List<SqlFigure> figures = new ArrayList<>();
      Map<SqlSystem, String> descriptions = new EnumMap<>(SqlSystem.class);
      for (SqlSystem system : settings.systems()) {
        Path systemDir = dir.resolve(system.label());
        progress.printf(Locale.ROOT, "--- %s%n", system.description());
        try (SqlEndpoint endpoint = SqlEndpoint.open(system, systemDir)) {
          descriptions.put(system, endpoint.describe());
          figures.add(SqlPointReads.run(endpoint, settings, progress));
          figures.add(SqlWrites.bulkLoad(endpoint, settings, progress));
          figures.add(SqlWrites.autocommitInserts(endpoint, settings, progress));
          figures.addAll(SqlUpdates.run(endpoint, settings, progress));
          figures.addAll(SqlScans.run(endpoint, settings, progress));
        } finally {
          Directories.deleteRecursively(systemDir);
        }
      }
      return new SqlBenchmarkResult(settings, environment(), descriptions, figures);
    } finally {
      if (settings.dir() == null) {
        Directories.deleteRecursively(dir);
      }
    }
  }

  private static String environment() throws SQLException {
    String sqlite;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
      sqlite = Sql.queryString(c, "SELECT sqlite_version()");
    }
    return String.format(
        Locale.ROOT,
        "JVM %s, %d cores, SQLite %s (sqlite-jdbc), embedded store %s mode",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        sqlite,
        Boolean.getBoolean(RocksDbKvConfig.STRICT_PROPERTY) ? "strict" : "relaxed");
  }
}
