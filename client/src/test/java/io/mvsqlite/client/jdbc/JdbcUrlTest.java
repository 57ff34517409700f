package io.mvsqlite.client.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The {@code jdbc:mvsqlite:} URL grammar and the escaping of names and values into a SQLite URI.
 */
class JdbcUrlTest {

  @Test
  void aUrlHasADatabaseNameAndParametersInOrder() throws Exception {
    JdbcUrl url =
        JdbcUrl.parse(
            "jdbc:mvsqlite:orders@2026-01-31T12:00:00+02:00?store=/data/mv&pageSize=4096&flag");
    assertThat(url.database()).isEqualTo("orders@2026-01-31T12:00:00+02:00");
    assertThat(url.parameters())
        .containsExactly(
            java.util.Map.entry("store", "/data/mv"),
            java.util.Map.entry("pageSize", "4096"),
            java.util.Map.entry("flag", ""));
    assertThat(JdbcUrl.parse("JDBC:MVSQLITE:x").database()).isEqualTo("x");
  }

  @Test
  void namesAndValuesArePercentDecodedAndEncodedBackForSqlite() throws Exception {
    JdbcUrl url = JdbcUrl.parse("jdbc:mvsqlite:a%20b%3Fc?store=/tmp/x%26y&lockOwner=%C3%A9t%C3%A9");
    assertThat(url.database()).isEqualTo("a b?c");
    assertThat(url.parameters())
        .containsEntry("store", "/tmp/x&y")
        .containsEntry("lockOwner", "été");
    assertThat(JdbcUrl.encode("a b?c#d&e=f%g/h:i@j+k"))
        .isEqualTo("a%20b%3Fc%23d%26e%3Df%25g/h:i@j+k");
    assertThat(JdbcUrl.encode("été")).isEqualTo("%C3%A9t%C3%A9");
  }

  @Test
  void malformedUrlsAreRefusedWithSqlState08001() {
    for (String bad :
        new String[] {
          "jdbc:mvsqlite:",
          "jdbc:mvsqlite:?store=/x",
          "jdbc:mvsqlite:x?a=%4",
          "jdbc:other:x",
          "jdbc:mvsqlite:x?a=1&a=2",
          "jdbc:mvsqlite:x?=3"
        }) {
      SQLException e = catchThrowableOfType(SQLException.class, () -> JdbcUrl.parse(bad));
      assertThat((Throwable) e).as(bad).isNotNull();
      assertThat(e.getSQLState()).as(bad).isEqualTo("08001");
    }
  }
}
