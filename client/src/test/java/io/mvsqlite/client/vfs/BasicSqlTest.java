package io.mvsqlite.client.vfs;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.transport.DirectStores;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plain SQL on mvSQLite in direct mode: data lives in the store, survives reconnects, stays intact.
 */
class BasicSqlTest extends DirectModeFixture {

  @Test
  void createInsertSelectAndReopen() throws Exception {
    String ns = uniqueNamespace("basic");
    try (Connection c = open(ns)) {
      exec(
          c,
          "CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL)",
          "CREATE INDEX item_name ON item(name)");
      c.setAutoCommit(false);
      try (PreparedStatement p =
          c.prepareStatement("INSERT INTO item(name, price) VALUES (?, ?)")) {
        for (int i = 0; i < 3000; i++) {
          p.setString(1, "item-" + i);
          p.setDouble(2, i * 0.5);
          p.addBatch();
        }
        p.executeBatch();
      }
      c.commit();
      exec(
          c,
          "UPDATE item SET price = price * 2 WHERE id % 2 = 0",
          "DELETE FROM item WHERE id > 2500");
      c.commit();
      c.setAutoCommit(true);
      assertIntact(c);
    }
    assertThat(DirectStores.references(new ClientConfig.EmbeddedStore(dir.resolve("store"))))
        .as("the last connection closed the store")
        .isZero();
    try (Connection c = open(ns)) {
      assertThat(DirectStores.references(new ClientConfig.EmbeddedStore(dir.resolve("store"))))
          .isEqualTo(1);
      assertThat(queryLong(c, "SELECT count(*) FROM item")).isEqualTo(2500);
      assertThat(queryString(c, "SELECT price FROM item WHERE name = 'item-9'"))
          .as("id 10, doubled")
          .isEqualTo("9.0");
      assertThat(queryString(c, "SELECT price FROM item WHERE name = 'item-10'")).isEqualTo("5.0");
      assertThat(queryLong(c, "PRAGMA page_size")).isEqualTo(8192);
      assertIntact(c);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4096, 8192, 16384, 32768})
  void everyPageSizeWorks(int pageSize) throws Exception {
    String ns = uniqueNamespace("size" + pageSize);
    try (Connection c = open(ns, "pageSize=" + pageSize)) {
      assertThat(queryLong(c, "PRAGMA page_size")).isEqualTo(pageSize);
      exec(
          c,
          "CREATE TABLE t(x)",
          "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
              + " SELECT printf('row %05d %s', i, hex(randomblob(40))) FROM n");
      assertIntact(c);
    }
    try (Connection c = open(ns)) {
      assertThat(queryLong(c, "PRAGMA page_size"))
          .as("learnt from the namespace")
          .isEqualTo(pageSize);
      assertThat(queryLong(c, "SELECT count(*) FROM t")).isEqualTo(2000);
      assertIntact(c);
    }
  }

  @Test
  void blobsOfSeveralMebibytesRoundTrip() throws Exception {
    String ns = uniqueNamespace("blob");
    long seed = 7;
    byte[] blob = new byte[5 * 1024 * 1024 + 123];
    new Random(seed).nextBytes(blob);
    try (Connection c = open(ns)) {
      exec(c, "CREATE TABLE b(id INTEGER PRIMARY KEY, data BLOB)");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO b(data) VALUES (?)")) {
        p.setBytes(1, blob);
        p.executeUpdate();
        p.setBytes(1, new byte[0]);
        p.executeUpdate();
      }
    }
    try (Connection c = open(ns)) {
      byte[] read = queryBytes(c, "SELECT data FROM b WHERE id = 1");
      assertThat(MessageDigest.getInstance("SHA-256").digest(read))
          .as("seed %d", seed)
          .isEqualTo(MessageDigest.getInstance("SHA-256").digest(blob));
      assertThat(queryLong(c, "SELECT length(data) FROM b WHERE id = 2")).isZero();
      assertIntact(c);
    }
  }

  @Test
  void tempTablesAndSortsUseInMemoryTempFiles() throws Exception {
    String ns = uniqueNamespace("temp");
    try (Connection c = open(ns)) {
      exec(
          c,
          "PRAGMA temp.cache_size = 5",
          "PRAGMA cache_size = 10",
          "CREATE TABLE t(x)",
          "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
              + " SELECT hex(randomblob(30)) FROM n",
          "CREATE TEMP TABLE tt AS SELECT x FROM t ORDER BY x DESC");
      assertThat(queryLong(c, "SELECT count(*) FROM tt")).isEqualTo(20000);
      assertThat(queryString(c, "SELECT x FROM tt LIMIT 1"))
          .isEqualTo(queryString(c, "SELECT max(x) FROM t"));
      assertThat(queryLong(c, "SELECT count(DISTINCT x) FROM (SELECT x FROM t ORDER BY random())"))
          .isEqualTo(20000);
      assertIntact(c);
    }
  }

  @Test
  void aNewNamespaceReadsAsAnEmptyDatabase() throws Exception {
    try (Connection c = open(uniqueNamespace("empty"))) {
      assertThat(queryLong(c, "SELECT count(*) FROM sqlite_schema")).isZero();
      assertThat(queryLong(c, "PRAGMA page_count")).isEqualTo(1);
      assertThat(queryString(c, "PRAGMA journal_mode")).isEqualTo("delete");
      assertIntact(c);
    }
  }

  @Test
  void walCannotBeEnabled() throws Exception {
    try (Connection c = open(uniqueNamespace("wal"))) {
      exec(c, "CREATE TABLE t(x)");
      assertThat(queryString(c, "PRAGMA journal_mode=WAL")).isEqualTo("delete");
      exec(c, "INSERT INTO t VALUES (1)");
      assertIntact(c);
    }
  }

  @Test
  void everyJournalModeCommits() throws Exception {
    String ns = uniqueNamespace("journal");
    try (Connection c = open(ns)) {
      exec(c, "CREATE TABLE t(mode TEXT)");
      for (String mode : new String[] {"truncate", "persist", "memory", "off", "delete"}) {
        assertThat(queryString(c, "PRAGMA journal_mode=" + mode)).isEqualTo(mode);
        exec(c, "INSERT INTO t VALUES ('" + mode + "')");
      }
    }
    try (Connection c = open(ns)) {
      assertThat(queryColumn(c, "SELECT mode FROM t ORDER BY rowid"))
          .containsExactly("truncate", "persist", "memory", "off", "delete");
      assertIntact(c);
    }
  }
}
