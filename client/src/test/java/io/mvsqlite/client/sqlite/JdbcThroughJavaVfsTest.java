package io.mvsqlite.client.sqlite;

import static io.mvsqlite.client.sqlite.TestDatabases.assertIntact;
import static io.mvsqlite.client.sqlite.TestDatabases.assertNotOnDisk;
import static io.mvsqlite.client.sqlite.TestDatabases.exec;
import static io.mvsqlite.client.sqlite.TestDatabases.open;
import static io.mvsqlite.client.sqlite.TestDatabases.queryLong;
import static io.mvsqlite.client.sqlite.TestDatabases.queryString;
import static io.mvsqlite.client.sqlite.TestDatabases.registeredMemoryVfs;
import static io.mvsqlite.client.sqlite.TestDatabases.unique;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_VFSNAME;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OK;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_MAIN_JOURNAL;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mvsqlite.client.vfs.MemoryVfs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real SQLite (sqlite-jdbc's bundled copy) running on a Java VFS registered through FFM. */
class JdbcThroughJavaVfsTest {

  @Test
  void ddlDmlIndexesAndTransactionsRunThroughTheJavaVfs() throws Exception {
    MemoryVfs vfs = registeredMemoryVfs();
    String file = unique("crud") + ".db";
    try (Connection connection = open(vfs.name(), file)) {
      exec(
          connection,
          "CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL)",
          "CREATE INDEX item_name ON item(name)");
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO item(name, price) VALUES (?, ?)")) {
        for (int i = 0; i < 2000; i++) {
          insert.setString(1, "item-" + i);
          insert.setDouble(2, i * 0.5);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      connection.commit();
      exec(
          connection,
          "UPDATE item SET price = price * 2 WHERE id % 2 = 0",
          "DELETE FROM item WHERE id > 1500");
      connection.commit();

      exec(connection, "DELETE FROM item");
      connection.rollback();
      connection.setAutoCommit(true);

      assertThat(queryLong(connection, "SELECT count(*) FROM item")).isEqualTo(1500);
      assertThat(queryString(connection, "SELECT price FROM item WHERE name = 'item-9'"))
          .isEqualTo("9.0");
      try (Statement statement = connection.createStatement();
          ResultSet plan =
              statement.executeQuery(
                  "EXPLAIN QUERY PLAN SELECT id FROM item WHERE name = 'item-7'")) {
        assertThat(plan.next()).isTrue();
        assertThat(plan.getString("detail")).contains("item_name");
      }
      assertIntact(connection);
    }
    assertThat(vfs.fileNames()).containsExactly(file);
    assertThat(vfs.opened())
        .anyMatch(
            o ->
                (file + "-journal").equals(o.name())
                    && (o.flags() & SQLITE_OPEN_MAIN_JOURNAL) != 0);
    assertNotOnDisk(file);
  }

  @Test
  void dataSurvivesClosingAndReopeningAConnection() throws Exception {
    MemoryVfs vfs = registeredMemoryVfs();
    String file = unique("reopen") + ".db";
    try (Connection connection = open(vfs.name(), file)) {
      exec(connection, "CREATE TABLE t(v TEXT)", "INSERT INTO t VALUES ('kept')");
    }
    try (Connection connection = open(vfs.name(), file)) {
      assertThat(queryString(connection, "SELECT v FROM t")).isEqualTo("kept");
      assertIntact(connection);
    }
    assertNotOnDisk(file);
  }

  @Test
  void aSecondConnectionSeesCommittedButNotUncommittedData() throws Exception {
    MemoryVfs vfs = registeredMemoryVfs();
    String file = unique("two") + ".db";
    try (Connection writer = open(vfs.name(), file);
        Connection reader = open(vfs.name(), file)) {
      exec(writer, "CREATE TABLE t(v INTEGER)", "INSERT INTO t VALUES (1)");
      assertThat(queryLong(reader, "SELECT sum(v) FROM t")).isEqualTo(1);

      writer.setAutoCommit(false);
      exec(writer, "INSERT INTO t VALUES (41)");
      assertThat(queryLong(reader, "SELECT sum(v) FROM t")).isEqualTo(1);
      writer.commit();
      assertThat(queryLong(reader, "SELECT sum(v) FROM t")).isEqualTo(42);
      assertIntact(reader);
    }
  }

  @Test
  void largeBlobsRoundTripThroughManyPages() throws Exception {
    MemoryVfs vfs = registeredMemoryVfs();
    String file = unique("blob") + ".db";
    byte[] blob = new byte[6 * 1024 * 1024 + 123];
    new Random(42).nextBytes(blob);
    try (Connection connection = open(vfs.name(), file)) {
      exec(connection, "CREATE TABLE b(id INTEGER PRIMARY KEY, data BLOB)");
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO b(data) VALUES (?)")) {
        insert.setBytes(1, blob);
        insert.executeUpdate();
      }
    }
    assertThat(vfs.fileSize(file)).isGreaterThan(blob.length);
    try (Connection connection = open(vfs.name(), file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT data, length(data) FROM b")) {
      assertThat(rows.next()).isTrue();
      byte[] read = rows.getBytes(1);
      assertThat(rows.getLong(2)).isEqualTo(blob.length);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      assertThat(sha.digest(read)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(blob));
      assertIntact(connection);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4096, 8192, 16384, 32768})
  void pageSizeChosenBeforeTheFirstWriteIsUsed(int pageSize) throws Exception {
    MemoryVfs vfs = registeredMemoryVfs();
    String file = unique("page" + pageSize) + ".db";
    try (Connection connection = open(vfs.name(), file)) {
      exec(connection, "PRAGMA page_size = " + pageSize, "CREATE TABLE t(v TEXT)");
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?)")) {
        for (int i = 0; i < 300; i++) {
          insert.setString(1, "row " + i + " ".repeat(200));
          insert.executeUpdate();
        }
      }
      assertThat(queryLong(connection, "PRAGMA page_size")).isEqualTo(pageSize);
      assertThat(queryLong(connection, "SELECT count(*) FROM t")).isEqualTo(300);
      assertIntact(connection);
    }
    long size = vfs.fileSize(file);
    assertThat(size).isPositive();
    assertThat(size % pageSize).isZero();
  }

  @Test
  void walModeIsRefusedAndTheRollbackJournalStays() throws Exception {
    MemoryVfs vfs = registeredMemoryVfs();
    String file = unique("wal") + ".db";
    try (Connection connection = open(vfs.name(), file)) {
      exec(connection, "CREATE TABLE t(v)");
      assertThat(queryString(connection, "PRAGMA journal_mode = WAL")).isEqualTo("delete");
      exec(connection, "INSERT INTO t VALUES (1)");
      assertThat(queryString(connection, "PRAGMA journal_mode")).isEqualTo("delete");
      assertIntact(connection);
    }
    assertThat(vfs.fileNames()).containsExactly(file);
    assertThat(vfs.opened()).noneMatch(o -> o.name() != null && o.name().endsWith("-wal"));
  }

  @Test
  void tempFilesOfSortsAndTempTablesGoThroughTheVfs() throws Exception {
    MemoryVfs vfs = registeredMemoryVfs();
    String file = unique("temp") + ".db";
    try (Connection connection = open(vfs.name(), file)) {
      exec(
          connection,
          "PRAGMA temp_store = FILE",
          "PRAGMA cache_size = 10",
          "CREATE TABLE t(k INTEGER, pad TEXT)");
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
          insert.setLong(1, random.nextLong());
          insert.setString(2, "x".repeat(50));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      connection.commit();
      connection.setAutoCommit(true);
      int before = vfs.tempOpens();

      long previous = Long.MIN_VALUE;
      int rows = 0;
      try (Statement statement = connection.createStatement();
          ResultSet sorted = statement.executeQuery("SELECT k, pad FROM t ORDER BY k")) {
        while (sorted.next()) {
          long k = sorted.getLong(1);
          assertThat(k).isGreaterThanOrEqualTo(previous);
          previous = k;
          rows++;
        }
      }
      assertThat(rows).isEqualTo(20_000);
      assertThat(vfs.tempOpens()).as("sorter spilled to a temp file").isGreaterThan(before);

      int beforeTempTable = vfs.tempOpens();
      // The temp database's file is opened lazily, when its small page cache first spills.
      exec(
          connection,
          "CREATE TEMP TABLE scratch(k, pad)",
          "PRAGMA temp.cache_size = 10",
          "INSERT INTO scratch SELECT k, pad FROM t");
      assertThat(queryLong(connection, "SELECT count(*) FROM temp.scratch")).isEqualTo(20_000);
      assertThat(vfs.tempOpens()).as("temp database file").isGreaterThan(beforeTempTable);
      assertIntact(connection);
    }
    assertNotOnDisk(file);
  }

  @Test
  void vfsNameFileControlAnswersTheRegisteredName() throws Exception {
    MemoryVfs vfs = registeredMemoryVfs();
    try (Connection connection = open(vfs.name(), unique("name") + ".db");
        Arena arena = Arena.ofConfined()) {
      exec(connection, "CREATE TABLE t(v)");
      DbHandle db = JdbcHandles.dbHandle(connection);
      MemorySegment out = arena.allocate(ADDRESS);
      assertThat(db.api().fileControl(db.segment(), "main", SQLITE_FCNTL_VFSNAME, out))
          .isEqualTo(SQLITE_OK);
      MemorySegment name = out.get(ADDRESS, 0);
      assertThat(NativeAccess.readCString(name)).isEqualTo(vfs.name());
      db.api().free(name);
    }
  }

  @Test
  void loadExtensionStillReachesTheSystemDynamicLoader() throws Exception {
    MemoryVfs vfs = registeredMemoryVfs();
    Properties properties = new Properties();
    properties.setProperty("enable_load_extension", "true");
    String url = "jdbc:sqlite:file:" + unique("ext") + ".db?vfs=" + vfs.name();
    try (Connection connection = DriverManager.getConnection(url, properties)) {
      // xDlOpen/xDlError are the unix VFS's own: a missing library yields dlerror()'s text, not a
      // crash.
      SQLException failure =
          catchThrowableOfType(
              SQLException.class,
              () -> queryString(connection, "SELECT load_extension('/nonexistent/libnothing')"));
      assertThat(failure.getMessage()).contains("cannot open shared object file");
      assertIntact(connection);
    }
  }
}
