package io.mvsqlite.client.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.vfs.MemoryVfs;
import io.mvsqlite.client.vfs.VirtualFileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared helpers of the binding tests: the binding of the test class path's sqlite-jdbc, names,
 * queries.
 */
final class TestDatabases {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private TestDatabases() {}

  /** The binding of the sqlite-jdbc on the test class path. */
  static SqliteBinding binding() {
    return SqliteBinding.forSqliteJdbc(TestDatabases.class.getClassLoader());
  }

  /** A name unique in this JVM run, for VFSes and database files. */
  static String unique(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
  }

  /** A fresh in-memory VFS registered (not as default) in the test class path's SQLite. */
  static MemoryVfs registeredMemoryVfs() {
    MemoryVfs vfs = new MemoryVfs(unique("memvfs"));
    binding().vfs().register(vfs, false);
    return vfs;
  }

  static VfsRegistration register(VirtualFileSystem fileSystem) {
    return binding().vfs().register(fileSystem, false);
  }

  /**
   * A sqlite-jdbc connection to {@code file} through the VFS {@code vfsName} (the URI form is
   * required for ?vfs=).
   */
  static Connection open(String vfsName, String file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:file:" + file + "?vfs=" + vfsName);
  }

  static void exec(Connection connection, String... statements) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  static String queryString(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      assertThat(rows.next()).as("a row from: %s", sql).isTrue();
      return rows.getString(1);
    }
  }

  static long queryLong(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      assertThat(rows.next()).as("a row from: %s", sql).isTrue();
      return rows.getLong(1);
    }
  }

  /** Asserts {@code PRAGMA integrity_check} says "ok". */
  static void assertIntact(Connection connection) throws SQLException {
    assertThat(queryString(connection, "PRAGMA integrity_check")).isEqualTo("ok");
  }

  /** Asserts that neither {@code file} nor its journal or WAL exists in the working directory. */
  static void assertNotOnDisk(String file) {
    for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
      assertThat(Files.exists(Path.of(file + suffix))).as("%s%s on disk", file, suffix).isFalse();
    }
  }
}
