package io.mvsqlite.client.jdbc;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQLite's features through the driver, on a backend of the subclass: each test checks its results
 * against values computed in Java, reopens where it matters, and ends with {@code PRAGMA
 * integrity_check} = ok.
 */
abstract class SqlFeaturesContract extends JdbcTestBase {

  @Test
  void tablesIndexesTriggersViewsAndBatchesSurviveAReopen() throws Exception {
    String ns = uniqueNamespace("ddl");
    Map<Integer, Long> totals = new TreeMap<>();
    try (Connection c = connect(ns)) {
      exec(
          c,
          "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, city TEXT)",
          "CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER NOT NULL REFERENCES customers(id),"
              + " amount INTEGER NOT NULL)",
          "CREATE INDEX orders_by_customer ON orders(customer, amount)",
          "CREATE TABLE audit(order_id INTEGER, action TEXT)",
          "CREATE TRIGGER orders_audit AFTER INSERT ON orders BEGIN"
              + " INSERT INTO audit VALUES (new.id, 'insert'); END",
          "CREATE TRIGGER orders_delete_audit AFTER DELETE ON orders BEGIN"
              + " INSERT INTO audit VALUES (old.id, 'delete'); END",
          "CREATE VIEW totals AS SELECT c.id AS id, sum(o.amount) AS total FROM customers c"
              + " JOIN orders o ON o.customer = c.id GROUP BY c.id");
      c.setAutoCommit(false);
      try (PreparedStatement p =
          c.prepareStatement("INSERT INTO customers(id, name, city) VALUES (?, ?, ?)")) {
        for (int i = 1; i <= 200; i++) {
          p.setInt(1, i);
          p.setString(2, "customer " + i);
          p.setString(3, i % 3 == 0 ? "Lyon" : "Oslo");
          p.addBatch();
        }
        assertThat(p.executeBatch()).hasSize(200).containsOnly(1);
      }
      try (PreparedStatement p =
          c.prepareStatement("INSERT INTO orders(id, customer, amount) VALUES (?, ?, ?)")) {
        for (int i = 1; i <= 2000; i++) {
          int customer = 1 + (i * 7) % 200;
          long amount = (i * 31L) % 997;
          p.setInt(1, i);
          p.setInt(2, customer);
          p.setLong(3, amount);
          p.addBatch();
          if (i % 10 != 0) {
            totals.merge(customer, amount, Long::sum);
          }
        }
        p.executeBatch();
      }
      c.commit();
      c.setAutoCommit(true);
      exec(c, "DELETE FROM orders WHERE id % 10 = 0");
      exec(
          c,
          "ALTER TABLE customers ADD COLUMN vip INTEGER NOT NULL DEFAULT 0",
          "UPDATE customers SET vip = 1 WHERE city = 'Lyon'");
      assertThat(
              String.join(
                  "\n",
                  queryColumns(
                      c,
                      "EXPLAIN QUERY PLAN SELECT sum(amount) FROM orders WHERE customer = 5",
                      4)))
          .contains("orders_by_customer");
    }
    try (Connection c = connect(ns)) {
      assertThat(queryLong(c, "SELECT count(*) FROM orders")).isEqualTo(1800);
      assertThat(queryLong(c, "SELECT count(*) FROM audit WHERE action = 'insert'"))
          .isEqualTo(2000);
      assertThat(queryLong(c, "SELECT count(*) FROM audit WHERE action = 'delete'")).isEqualTo(200);
      assertThat(queryLong(c, "SELECT count(*) FROM customers WHERE vip = 1")).isEqualTo(66);
      Map<Integer, Long> fromView = new TreeMap<>();
      try (ResultSet r = c.createStatement().executeQuery("SELECT id, total FROM totals")) {
        while (r.next()) {
          fromView.put(r.getInt(1), r.getLong(2));
        }
      }
      assertThat(fromView).isEqualTo(totals);
      assertIntact(c);
    }
  }

  @Test
  void recursiveCtesAndWindowFunctions() throws Exception {
    String ns = uniqueNamespace("cte");
    try (Connection c = connect(ns)) {
      exec(
          c,
          "CREATE TABLE sales(region TEXT, day INTEGER, amount INTEGER)",
          "INSERT INTO sales WITH RECURSIVE d(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM d WHERE i < 60)"
              + " SELECT CASE i % 3 WHEN 0 THEN 'north' WHEN 1 THEN 'south' ELSE 'east' END, i, (i * 37) % 101"
              + " FROM d");
      List<String> fibonacci =
          queryColumn(
              c,
              "WITH RECURSIVE fib(n, a, b) AS (SELECT 1, 0, 1 UNION ALL SELECT n + 1, b, a + b FROM fib WHERE n < 40)"
                  + " SELECT a FROM fib");
      List<String> expected = new ArrayList<>();
      long a = 0;
      long b = 1;
      for (int n = 1; n <= 40; n++) {
        expected.add(Long.toString(a));
        long next = a + b;
        a = b;
        b = next;
      }
      assertThat(fibonacci).isEqualTo(expected);

      Map<String, Long> running = new HashMap<>();
      try (ResultSet r =
          c.createStatement()
              .executeQuery(
                  "SELECT region, day, amount, sum(amount) OVER (PARTITION BY region ORDER BY day) AS running,"
                      + " rank() OVER (PARTITION BY region ORDER BY amount DESC, day) AS place FROM sales ORDER BY day")) {
        int rows = 0;
        while (r.next()) {
          rows++;
          long sum = running.merge(r.getString(1), r.getLong(3), Long::sum);
          assertThat(r.getLong(4))
              .as("running sum of %s at day %d", r.getString(1), r.getInt(2))
              .isEqualTo(sum);
          assertThat(r.getInt(5)).isBetween(1, 20);
        }
        assertThat(rows).isEqualTo(60);
      }
      assertThat(
              queryLong(
                  c,
                  "SELECT count(*) FROM (SELECT region, rank() OVER (PARTITION BY region"
                      + " ORDER BY amount DESC, day) AS place FROM sales) WHERE place = 1"))
          .isEqualTo(3);
      assertIntact(c);
    }
  }

  @Test
  void jsonFunctions() throws Exception {
    String ns = uniqueNamespace("json");
    try (Connection c = connect(ns)) {
      exec(
          c,
          "CREATE TABLE docs(id INTEGER PRIMARY KEY, body TEXT NOT NULL CHECK (json_valid(body)))");
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO docs(body) VALUES (json_object('n', ?, 'tags',"
                  + " json_array(?, ?), 'nested', json_object('k', ?)))")) {
        for (int i = 0; i < 50; i++) {
          p.setInt(1, i);
          p.setString(2, "t" + (i % 5));
          p.setString(3, "all");
          p.setString(4, "v" + i);
          p.executeUpdate();
        }
      }
      assertThat(queryLong(c, "SELECT sum(body ->> '$.n') FROM docs")).isEqualTo(49 * 50 / 2);
      assertThat(
              queryString(
                  c, "SELECT json_extract(body, '$.nested.k') FROM docs WHERE body ->> 'n' = 7"))
          .isEqualTo("v7");
      assertThat(
              queryLong(
                  c,
                  "SELECT count(*) FROM docs, json_each(docs.body, '$.tags') WHERE value = 't3'"))
          .isEqualTo(10);
      assertThat(
              queryString(
                  c,
                  "SELECT json_group_array(body ->> 'n') FROM (SELECT body FROM docs"
                      + " WHERE body ->> 'n' < 3 ORDER BY id)"))
          .isEqualTo("[0,1,2]");
      exec(c, "UPDATE docs SET body = json_set(body, '$.n', (body ->> 'n') * 2)");
      assertThat(queryLong(c, "SELECT sum(body ->> '$.n') FROM docs")).isEqualTo(49 * 50);
      assertIntact(c);
    }
  }

  @Test
  void fullTextSearchWithFts5() throws Exception {
    String ns = uniqueNamespace("fts");
    String[] words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
    try (Connection c = connect(ns)) {
      exec(c, "CREATE VIRTUAL TABLE notes USING fts5(title, body)");
      int withDeltaAndEcho = 0;
      int withGolf = 0;
      try (PreparedStatement p =
          c.prepareStatement("INSERT INTO notes(title, body) VALUES (?, ?)")) {
        for (int i = 0; i < 400; i++) {
          String w1 = words[i % words.length];
          String w2 = words[(i / 9) % words.length];
          p.setString(1, "note " + i);
          p.setString(2, w1 + " and " + w2 + " " + "filler ".repeat(i % 7));
          p.addBatch();
          if ((w1.equals("delta") || w2.equals("delta"))
              && (w1.equals("echo") || w2.equals("echo"))) {
            withDeltaAndEcho++;
          }
          if (w1.equals("golf") || w2.equals("golf")) {
            withGolf++;
          }
        }
        p.executeBatch();
      }
      assertThat(withDeltaAndEcho).isPositive();
      assertThat(queryLong(c, "SELECT count(*) FROM notes WHERE notes MATCH 'delta AND echo'"))
          .isEqualTo(withDeltaAndEcho);
      assertThat(queryLong(c, "SELECT count(*) FROM notes WHERE notes MATCH 'golf'"))
          .isEqualTo(withGolf);
      assertThat(
              queryString(
                  c,
                  "SELECT highlight(notes, 1, '[', ']') FROM notes WHERE notes MATCH 'hotel'"
                      + " ORDER BY rank LIMIT 1"))
          .contains("[hotel]");
      exec(c, "INSERT INTO notes(notes) VALUES ('optimize')");
      assertThat(queryLong(c, "SELECT count(*) FROM notes WHERE notes MATCH 'golf'"))
          .isEqualTo(withGolf);
      exec(c, "INSERT INTO notes(notes) VALUES ('integrity-check')");
      assertIntact(c);
    }
  }

  @Test
  void spatialQueriesWithRtree() throws Exception {
    String ns = uniqueNamespace("rtree");
    Random random = new Random(42);
    int inWindow = 0;
    try (Connection c = connect(ns)) {
      exec(c, "CREATE VIRTUAL TABLE boxes USING rtree(id, min_x, max_x, min_y, max_y)");
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement("INSERT INTO boxes VALUES (?, ?, ?, ?, ?)")) {
        for (int i = 1; i <= 3000; i++) {
          int x = random.nextInt(1000);
          int y = random.nextInt(1000);
          p.setInt(1, i);
          p.setInt(2, x);
          p.setInt(3, x + 5);
          p.setInt(4, y);
          p.setInt(5, y + 5);
          p.addBatch();
          if (x >= 100 && x + 5 <= 300 && y >= 400 && y + 5 <= 600) {
            inWindow++;
          }
        }
        p.executeBatch();
      }
      c.commit();
      c.setAutoCommit(true);
      assertThat(
              queryLong(
                  c,
                  "SELECT count(*) FROM boxes WHERE min_x >= 100 AND max_x <= 300"
                      + " AND min_y >= 400 AND max_y <= 600"))
          .isEqualTo(inWindow);
      assertThat(queryString(c, "SELECT rtreecheck('boxes')")).isEqualTo("ok");
      assertIntact(c);
    }
  }

  @Test
  void twoNamespacesAttachedToOneConnection() throws Exception {
    String main = uniqueNamespace("attach-main");
    String other = uniqueNamespace("attach-other");
    try (Connection c = connect(main)) {
      exec(
          c,
          "ATTACH '" + attachUri(other) + "' AS other",
          "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT)",
          "CREATE TABLE other.prices(item INTEGER PRIMARY KEY, price INTEGER)");
      c.setAutoCommit(false);
      exec(
          c,
          "INSERT INTO items WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
              + " SELECT i, 'item ' || i FROM n",
          "INSERT INTO other.prices SELECT id, id * 3 FROM items");
      c.commit();
      c.setAutoCommit(true);
      assertThat(
              queryLong(c, "SELECT sum(p.price) FROM items i JOIN other.prices p ON p.item = i.id"))
          .isEqualTo(3L * 300 * 301 / 2);
      assertThat(queryColumn(c, "PRAGMA other.integrity_check")).containsExactly("ok");
      assertIntact(c);
    }
    try (Connection c = connect(other)) {
      assertThat(queryLong(c, "SELECT count(*) FROM prices")).isEqualTo(300);
      assertThat(queryColumn(c, "SELECT name FROM sqlite_schema")).containsExactly("prices");
      assertIntact(c);
    }
    try (Connection c = connect(main)) {
      assertThat(queryColumn(c, "SELECT name FROM sqlite_schema")).containsExactly("items");
    }
  }

  @Test
  void vacuumShrinksTheDatabaseAndKeepsItsRows() throws Exception {
    String ns = uniqueNamespace("vacuum");
    try (Connection c = connect(ns)) {
      exec(
          c,
          "CREATE TABLE t(id INTEGER PRIMARY KEY, pad TEXT)",
          "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)"
              + " SELECT i, printf('%.500c', 'x') FROM n",
          "DELETE FROM t WHERE id % 4 <> 0");
      long before = queryLong(c, "PRAGMA page_count");
      assertThat(queryLong(c, "PRAGMA freelist_count")).isPositive();
      exec(c, "VACUUM");
      long after = queryLong(c, "PRAGMA page_count");
      assertThat(after).isLessThan(before / 2);
      assertThat(queryLong(c, "PRAGMA freelist_count")).isZero();
      assertThat(queryLong(c, "SELECT count(*) FROM t")).isEqualTo(1000);
      assertIntact(c);
    }
    try (Connection c = connect(ns)) {
      assertThat(queryLong(c, "SELECT sum(id) FROM t")).isEqualTo(4L * 1000 * 1001 / 2);
      assertIntact(c);
    }
  }

  @Test
  void blobsOfSeveralMebibytesRoundTrip() throws Exception {
    String ns = uniqueNamespace("blob");
    Random random = new Random(7);
    int[] sizes = {1 << 20, 3 << 20, (5 << 20) + 12345};
    List<byte[]> digests = new ArrayList<>();
    try (Connection c = connect(ns)) {
      exec(c, "CREATE TABLE files(id INTEGER PRIMARY KEY, data BLOB)");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO files(id, data) VALUES (?, ?)")) {
        for (int i = 0; i < sizes.length; i++) {
          byte[] data = new byte[sizes[i]];
          random.nextBytes(data);
          digests.add(MessageDigest.getInstance("SHA-256").digest(data));
          p.setInt(1, i);
          if (i == 1) {
            p.setBinaryStream(2, new ByteArrayInputStream(data), data.length);
          } else {
            p.setBytes(2, data);
          }
          assertThat(p.executeUpdate()).isEqualTo(1);
        }
      }
    }
    try (Connection c = connect(ns)) {
      for (int i = 0; i < sizes.length; i++) {
        byte[] data = queryBytes(c, "SELECT data FROM files WHERE id = " + i);
        assertThat(data).hasSize(sizes[i]);
        assertThat(MessageDigest.getInstance("SHA-256").digest(data)).isEqualTo(digests.get(i));
      }
      assertIntact(c);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4096, 8192, 16384, 32768})
  void everyPageSizeChosenInTheUrl(int pageSize) throws Exception {
    String ns = uniqueNamespace("pagesize-" + pageSize);
    try (Connection c = connect(ns, "pageSize=" + pageSize)) {
      exec(
          c,
          "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)",
          "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
              + " SELECT i, printf('%.100c', 'v') FROM n");
      assertThat(queryLong(c, "PRAGMA page_size")).isEqualTo(pageSize);
    }
    try (Connection c = connect(ns)) {
      assertThat(queryLong(c, "PRAGMA page_size"))
          .as("a reopen adopts the namespace's page size")
          .isEqualTo(pageSize);
      assertThat(queryLong(c, "SELECT count(*) FROM t")).isEqualTo(3000);
      assertIntact(c);
    }
  }

  /** Column {@code column} (1-based) of every row. */
  static List<String> queryColumns(Connection c, String sql, int column) throws SQLException {
    List<String> out = new ArrayList<>();
    try (var s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(column));
      }
    }
    return out;
  }
}
