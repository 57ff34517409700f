package io.mvsqlite.bench;

import io.mvsqlite.client.MvSqlite;
import io.mvsqlite.client.sqlite.FileHandles;
import io.mvsqlite.client.sqlite.JdbcHandles;
import io.mvsqlite.client.txn.CommitResult;
import io.mvsqlite.client.vfs.MvFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;

/**
 * The huge-transaction soak of the client: ONE SQLite transaction writing gigabytes through
 * mvSQLite in a JVM whose heap is far smaller, committed and read back; and one transaction kept
 * open for minutes, then committed.
 *
 * <p>Run it with the heap cap it is meant to prove ({@code java -Xmx512m ...
 * HugeTransactionCheck}); the report states the JVM's maximum heap and the peaks it observed
 * ({@link HeapMonitor}). For each transport — direct mode (the engine in this JVM, so its memory
 * counts too) and HTTP (an mvstore in a child JVM, {@link ChildMvstore}):
 *
 * <ol>
 *   <li><b>Huge</b>: {@code BEGIN}; {@code bytes / rowBytes} rows {@code (id, data BLOB)} inserted
 *       one by one, each blob distinct and incompressible ({@link PageContents}); {@code COMMIT}.
 *       The client cannot hold that in memory: the dirty pages must stream to the store as
 *       background uploads while SQLite writes (reported: pages committed, pages uploaded before
 *       the commit, lease). Then a new connection checks the row count, the total bytes and every
 *       blob, and compares CRC-32C checksums of all blobs as written and as read.
 *   <li><b>Long-lived</b>: {@code BEGIN}; {@code holdBytes} of rows (enough for background uploads
 *       under a transaction lease); then one more row every {@link #HOLD_TICK} until {@code hold}
 *       has passed; {@code COMMIT}; read back.
 * </ol>
 *
 * A verification failure ends the program with exit code 1 (after the report); bad options with 2.
 * Progress goes to standard error, the report to standard output.
 */
public final class HugeTransactionCheck {

  /** How often the long-lived transaction writes a row while it waits. */
  public static final Duration HOLD_TICK = Duration.ofSeconds(5);

  private static final int HUGE_STREAM = 40;
  private static final int HOLD_STREAM = 41;

  private HugeTransactionCheck() {}

  public static void main(String[] args) throws SQLException {
    HugeTransactionSettings settings =
        ProgramArguments.parseOrExit(
            "HugeTransactionCheck",
            HugeTransactionSettings.USAGE,
            args,
            HugeTransactionSettings::parse);
    if (settings == null) {
      return;
    }
    HugeTransactionResult result = run(settings, System.err);
    System.out.printf(
        Locale.ROOT,
        "JVM %s, %d cores, max heap %,d MiB%n",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.print(result.table());
    System.exit(result.allVerified() ? 0 : 1);
  }

  /** Runs the check, reporting progress on standard error. */
  public static HugeTransactionResult run(HugeTransactionSettings settings) throws SQLException {
    return run(settings, System.err);
  }

  public static HugeTransactionResult run(HugeTransactionSettings settings, PrintStream progress)
      throws SQLException {
    MvSqlite.install(HugeTransactionCheck.class.getClassLoader());
    Path dir = Directories.createOrTemporary(settings.dir(), "mvsqlite-huge");
    List<HugeTransactionResult.Huge> huge = new ArrayList<>();
    List<HugeTransactionResult.Held> held = new ArrayList<>();
    try {
      for (StoreTransport transport : settings.transports()) {
        Path storeDir = dir.resolve(transport.label() + "-store");
        ChildMvstore server =
            transport == StoreTransport.HTTP
                ? ChildMvstore.start(storeDir, true, settings.serverJvmOptions())
                : null;
        try {
          String backend =
              server != null ? "dataPlane=" + server.url() : "store=" + storeDir + "&autoCreate=1";
          progress.printf(
              Locale.ROOT, "--- %s (%s)%n", transport.label(), server != null ? server : storeDir);
          huge.add(hugeTransaction(transport, backend, settings, progress));
          if (settings.hold().isPositive()) {
            held.add(longLivedTransaction(transport, backend, settings, progress));
          }
        } finally {
          if (server != null) {
            server.close();
          }
          Directories.deleteRecursively(storeDir);
        }
      }
    } finally {
      if (settings.dir() == null) {
        Directories.deleteRecursively(dir);
      }
    }
    HugeTransactionResult result = new HugeTransactionResult(settings, huge, held);
    if (settings.resultFile() != null) {
      writeProperties(result, settings.resultFile());
    }
    return result;
  }

  private static HugeTransactionResult.Huge hugeTransaction(
      StoreTransport transport,
      String backend,
      HugeTransactionSettings settings,
      PrintStream progress)
      throws SQLException {
    long rows = settings.rows();
    PageContents contents = new PageContents(settings.seed(), settings.rowBytes());
    try (HeapMonitor heap = new HeapMonitor()) {
      CRC32C written = new CRC32C();
      double insertSeconds;
      double commitSeconds;
      CommitResult.Committed commit;
      try (Connection c = open("huge", backend)) {
        exec(c, "CREATE TABLE blobs(id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
        long start = System.nanoTime();
        exec(c, "BEGIN");
        try (PreparedStatement insert =
            c.prepareStatement("INSERT INTO blobs(id, data) VALUES (?, ?)")) {
          long reportEvery = Math.max(1, rows / 10);
          for (long id = 1; id <= rows; id++) {
            byte[] data = contents.make(HUGE_STREAM, id);
            written.update(data);
            insert.setLong(1, id);
            insert.setBytes(2, data);
            insert.executeUpdate();
            if (id % reportEvery == 0) {
              progress.printf(
                  Locale.ROOT,
                  "%-6s %,d of %,d rows (%,d MiB) in %.0f s, heap in use %,d MiB%n",
                  transport.label(),
                  id,
                  rows,
                  id * settings.rowBytes() >> 20,
                  (System.nanoTime() - start) / 1e9,
                  heapUsedMiB());
            }
          }
        }
        long inserted = System.nanoTime();
        exec(c, "COMMIT");
        long committed = System.nanoTime();
        insertSeconds = (inserted - start) / 1e9;
        commitSeconds = (committed - inserted) / 1e9;
        commit = lastCommit(c);
      }
      progress.printf(
          Locale.ROOT,
          "%-6s committed %,d pages (%,d uploaded before the commit) in %.1f s after %.1f s"
              + " of inserts%n",
          transport.label(),
          commit.pages(),
          commit.uploadedPages(),
          commitSeconds,
          insertSeconds);
      long start = System.nanoTime();
      Verification v = verify("huge", backend, "blobs", rows, contents, HUGE_STREAM);
      double verifySeconds = (System.nanoTime() - start) / 1e9;
      boolean verified = v.ok() && v.crc() == written.getValue();
      progress.printf(
          Locale.ROOT,
          "%-6s read back %,d rows in %.1f s: %s%n",
          transport.label(),
          v.rows(),
          verifySeconds,
          verified ? "intact" : "MISMATCH (" + v.problem() + ")");
      return new HugeTransactionResult.Huge(
          transport,
          rows,
          rows * settings.rowBytes(),
          insertSeconds,
          commitSeconds,
          verifySeconds,
          commit.pages(),
          commit.uploadedPages(),
          commit.leased(),
          written.getValue(),
          v.crc(),
          v.rows(),
          verified,
          heap.peaks());
    }
  }

  private static HugeTransactionResult.Held longLivedTransaction(
      StoreTransport transport,
      String backend,
      HugeTransactionSettings settings,
      PrintStream progress)
      throws SQLException {
    PageContents contents = new PageContents(settings.seed(), settings.rowBytes());
    long rows = 0;
    double heldSeconds;
    CommitResult.Committed commit;
    try (Connection c = open("held", backend)) {
      exec(c, "CREATE TABLE held(id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
      long start = System.nanoTime();
      long deadline = start + settings.hold().toNanos();
      exec(c, "BEGIN");
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO held(id, data) VALUES (?, ?)")) {
        long first = Math.max(1, settings.holdBytes() / settings.rowBytes());
        while (rows < first) {
          insert(insert, ++rows, contents);
        }
        progress.printf(
            Locale.ROOT,
            "%-6s long-lived transaction: %,d rows written, holding it open for %d s%n",
            transport.label(),
            rows,
            settings.hold().toSeconds());
        // Pacing, not synchronisation: the transaction is meant to stay open this long, writing now
        // and then.
        for (long next = System.nanoTime() + HOLD_TICK.toNanos();
            next < deadline;
            next += HOLD_TICK.toNanos()) {
          LockSupport.parkNanos(next - System.nanoTime());
          insert(insert, ++rows, contents);
        }
        LockSupport.parkNanos(deadline - System.nanoTime());
      }
      exec(c, "COMMIT");
      heldSeconds = (System.nanoTime() - start) / 1e9;
      commit = lastCommit(c);
    }
    Verification v = verify("held", backend, "held", rows, contents, HOLD_STREAM);
    progress.printf(
        Locale.ROOT,
        "%-6s long-lived transaction committed after %.1f s (%,d pages, %,d uploaded): %s%n",
        transport.label(),
        heldSeconds,
        commit.pages(),
        commit.uploadedPages(),
        v.ok() ? "intact" : "MISMATCH (" + v.problem() + ")");
    return new HugeTransactionResult.Held(
        transport,
        heldSeconds,
        rows,
        commit.pages(),
        commit.uploadedPages(),
        commit.leased(),
        v.ok());
  }

  private static void insert(PreparedStatement insert, long id, PageContents contents)
      throws SQLException {
    insert.setLong(1, id);
    insert.setBytes(2, contents.make(HOLD_STREAM, id));
    insert.executeUpdate();
  }

  /** What reading a table back found. */
  private record Verification(long rows, long crc, String problem) {
    boolean ok() {
      return problem == null;
    }
  }

  /**
   * Reads {@code table} on a new connection: the count, then every row in id order, each compared
   * with what was written, and their CRC-32C.
   */
  private static Verification verify(
      String database, String backend, String table, long rows, PageContents contents, int stream)
      throws SQLException {
    try (Connection c = open(database, backend)) {
      long count;
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
        r.next();
        count = r.getLong(1);
      }
      CRC32C crc = new CRC32C();
      long seen = 0;
      String problem = count == rows ? null : "count " + count + ", expected " + rows;
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT id, data FROM " + table + " ORDER BY id")) {
        while (r.next()) {
          long id = r.getLong(1);
          byte[] data = r.getBytes(2);
          crc.update(data);
          seen++;
          if (problem == null && (id != seen || !Arrays.equals(data, contents.make(stream, id)))) {
            problem = "row " + id + " (the " + seen + "th) differs from what was written";
          }
        }
      }
      if (problem == null && seen != rows) {
        problem = "read " + seen + " rows, expected " + rows;
      }
      return new Verification(seen, crc.getValue(), problem);
    }
  }

  private static Connection open(String database, String backend) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:file:" + database + "?vfs=mvsqlite&" + backend);
  }

  private static CommitResult.Committed lastCommit(Connection c) {
    MvFile file = (MvFile) FileHandles.fileFor(JdbcHandles.dbHandle(c), "main").orElseThrow();
    CommitResult.Committed commit = file.connection().lastCommit();
    if (commit == null) {
      throw new IllegalStateException("the transaction reported no commit");
    }
    return commit;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long heapUsedMiB() {
    Runtime r = Runtime.getRuntime();
    return (r.totalMemory() - r.freeMemory()) >> 20;
  }

  private static void writeProperties(HugeTransactionResult result, Path file) {
    try (OutputStream out = Files.newOutputStream(file)) {
      result.toProperties().store(out, "HugeTransactionCheck result");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
