package io.mvsqlite.cli.transfer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Real SQLite database files for the import and export tests, made and read with plain sqlite-jdbc.
 */
final class SqliteFiles {

  private SqliteFiles() {}

  /**
   * A database of several MiB: {@code items} (integer key, text, real, BLOBs of 500 to 3000 random
   * bytes, NULLs; two indexes), {@code tags} (a WITHOUT ROWID table with a composite key) and an
   * empty table, in rollback-journal mode.
   */
  static void create(Path file, int pageSize, int items, long seed) throws SQLException {
    Random random = new Random(seed);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA page_size = " + pageSize);
      s.execute("PRAGMA journal_mode = DELETE");
      s.execute(
          "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, data BLOB, note TEXT)");
      s.execute("CREATE INDEX items_name ON items(name)");
      s.execute("CREATE INDEX items_price ON items(price, id)");
      s.execute(
          "CREATE TABLE tags(item_id INTEGER, tag TEXT, PRIMARY KEY(item_id, tag)) WITHOUT ROWID");
      s.execute("CREATE TABLE unused(x)");
      c.setAutoCommit(false);
      try (PreparedStatement item = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?, ?)");
          PreparedStatement tag = c.prepareStatement("INSERT OR IGNORE INTO tags VALUES (?, ?)")) {
        for (int i = 1; i <= items; i++) {
          item.setLong(1, i * 7L + random.nextInt(7));
          item.setString(2, "item-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
          item.setDouble(3, random.nextInt(1_000_000) / 100.0);
          byte[] data = new byte[500 + random.nextInt(2501)];
          random.nextBytes(data);
          item.setBytes(4, data);
          if (random.nextInt(4) == 0) {
            item.setNull(5, java.sql.Types.VARCHAR);
          } else {
            item.setString(5, "note " + i + " ünïcødé");
          }
          item.executeUpdate();
          for (int t = 0; t < 3; t++) {
            tag.setLong(1, i);
            tag.setString(2, "tag" + random.nextInt(1000));
            tag.executeUpdate();
          }
        }
      }
      c.commit();
    }
  }

  /** Every table's rows in a canonical order, with BLOBs as hex, keyed by table name. */
  static Map<String, List<List<Object>>> contents(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    Map<String, List<List<Object>>> out = new LinkedHashMap<>();
    for (String table : tables) {
      List<List<Object>> rows = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<Object> row = new ArrayList<>(n);
          for (int i = 1; i <= n; i++) {
            row.add(normalize(rs.getObject(i)));
          }
          rows.add(row);
        }
      }
      rows.sort((a, b) -> a.toString().compareTo(b.toString()));
      out.put(table, rows);
    }
    return out;
  }

  /**
   * Queries that read through the indexes ({@code INDEXED BY} fails unless SQLite can use the
   * index).
   */
  static List<List<List<Object>>> indexedQueries(Connection c) throws SQLException {
    List<String> queries =
        List.of(
            "SELECT id, name FROM items INDEXED BY items_name WHERE name BETWEEN 'item-a' AND 'item-m' ORDER BY name, id",
            "SELECT count(*), sum(price), max(length(data)) FROM items INDEXED BY items_price WHERE price > 5000",
            "SELECT tag, count(*) FROM tags WHERE item_id BETWEEN 10 AND 200 GROUP BY tag ORDER BY 2 DESC, 1 LIMIT 20",
            "SELECT i.id, t.tag FROM items i JOIN tags t ON t.item_id = i.id / 7 WHERE i.price < 1000 ORDER BY 1, 2");
    List<List<List<Object>>> out = new ArrayList<>();
    for (String sql : queries) {
      List<List<Object>> rows = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<Object> row = new ArrayList<>(n);
          for (int i = 1; i <= n; i++) {
            row.add(normalize(rs.getObject(i)));
          }
          rows.add(row);
        }
      }
      out.add(rows);
    }
    return out;
  }

  static List<List<List<Object>>> indexedQueries(Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      return indexedQueries(c);
    }
  }

  static Map<String, String> schema(Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      return schema(c);
    }
  }

  static Map<String, List<List<Object>>> contents(Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      return contents(c);
    }
  }

  private static Object normalize(Object o) {
    return switch (o) {
      case byte[] b -> "blob:" + HexFormat.of().formatHex(b);
      case Integer i -> (long) i;
      case null, default -> o;
    };
  }

  /** A table's schema SQL, for checks that the schema came along. */
  static Map<String, String> schema(Connection c) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name, sql FROM sqlite_schema ORDER BY name")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }
}
