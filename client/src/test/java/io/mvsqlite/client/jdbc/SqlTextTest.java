package io.mvsqlite.client.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which SQL strings the driver may run again after a conflict: one statement, whatever its quotes
 * and comments.
 */
class SqlTextTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "UPDATE t SET v = v + 1",
        "UPDATE t SET v = v + 1;",
        "UPDATE t SET v = v + 1 ;  ;\n -- done\n /* really */ ",
        "INSERT INTO t VALUES ('a;b')",
        "INSERT INTO t VALUES ('it''s; fine')",
        "INSERT INTO \"odd;name\" VALUES (1)",
        "INSERT INTO [odd;name] VALUES (1)",
        "INSERT INTO `odd;name` VALUES (1)",
        "UPDATE t SET v = 1 -- ; not a statement\n WHERE id = 2",
        "UPDATE t /* ; */ SET v = 1",
        "",
        "INSERT INTO t VALUES ('unterminated;",
      })
  void oneStatementMayBeRunAgain(String sql) {
    assertThat(SqlText.isSingleStatement(sql)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "UPDATE t SET v = 1; UPDATE u SET v = 2",
        "INSERT INTO t VALUES ('a;b'); DELETE FROM t",
        "UPDATE t SET v = 1;/* c */UPDATE u SET v = 2",
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE u SET v = 1; END",
      })
  void severalStatementsAreNotRunAgain(String sql) {
    assertThat(SqlText.isSingleStatement(sql)).isFalse();
  }
}
