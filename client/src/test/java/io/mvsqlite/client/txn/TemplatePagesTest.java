package io.mvsqlite.client.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The template first pages are real empty databases: SQLite's own unix VFS opens them as files. */
class TemplatePagesTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {4096, 8192, 16384, 32768, 65536})
  void theTemplateIsAValidEmptyDatabaseThatSqliteCanExtend(int pageSize) throws Exception {
    Path file = dir.resolve("template-" + pageSize + ".db");
    Files.write(file, TemplatePages.emptyDatabase(pageSize));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      assertThat(single(s, "PRAGMA integrity_check")).isEqualTo("ok");
      assertThat(single(s, "PRAGMA page_size")).isEqualTo(Integer.toString(pageSize));
      assertThat(single(s, "PRAGMA page_count")).isEqualTo("1");
      assertThat(single(s, "PRAGMA journal_mode")).isEqualTo("delete");
      assertThat(single(s, "SELECT count(*) FROM sqlite_schema")).isEqualTo("0");
      s.execute("CREATE TABLE t(x)");
      s.execute("INSERT INTO t VALUES ('hello')");
      assertThat(single(s, "SELECT x FROM t")).isEqualTo("hello");
      assertThat(single(s, "PRAGMA integrity_check")).isEqualTo("ok");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4096, 32768})
  void theHeaderFieldsReadBack(int pageSize) {
    byte[] page = TemplatePages.emptyDatabase(pageSize);
    assertThat(page).hasSize(pageSize);
    assertThat(HeaderFields.pageSize(page)).isEqualTo(pageSize);
    assertThat(HeaderFields.pageCount(page)).isEqualTo(1);
    assertThat(HeaderFields.isWal(page)).isFalse();
    assertThat(HeaderFields.changeCounter(page)).isZero();
  }

  private static String single(Statement s, String sql) throws Exception {
    try (ResultSet r = s.executeQuery(sql)) {
      assertThat(r.next()).isTrue();
      return r.getString(1);
    }
  }
}
