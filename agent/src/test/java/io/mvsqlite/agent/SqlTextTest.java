package io.mvsqlite.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTextTest {

  @Test
  void oneStatementWithOrWithoutSemicolonsAndCommentsIsSingle() {
    assertThat(SqlText.isSingleStatement("UPDATE t SET n = n + 1")).isTrue();
    assertThat(SqlText.isSingleStatement("UPDATE t SET n = n + 1;")).isTrue();
    assertThat(SqlText.isSingleStatement("  UPDATE t SET n = n + 1 ; ;  -- done\n /* end */ "))
        .isTrue();
    assertThat(SqlText.isSingleStatement("")).isTrue();
  }

  @Test
  void semicolonsInsideQuotesAndCommentsDoNotEndTheStatement() {
    assertThat(
            SqlText.isSingleStatement("INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`, [g;h], x'3b')"))
        .isTrue();
    assertThat(SqlText.isSingleStatement("INSERT INTO t VALUES ('it''s; fine')")).isTrue();
    assertThat(SqlText.isSingleStatement("SELECT 1 -- ; SELECT 2\n")).isTrue();
    assertThat(SqlText.isSingleStatement("SELECT 1 /* ; SELECT 2 */")).isTrue();
  }

  @Test
  void aSecondStatementMakesTheTextMultiple() {
    assertThat(SqlText.isSingleStatement("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)"))
        .isFalse();
    assertThat(SqlText.isSingleStatement("SELECT ';'; SELECT 2;")).isFalse();
    assertThat(SqlText.isSingleStatement("SELECT 1; -- c\n SELECT 2")).isFalse();
  }

  @Test
  void aTriggerBodyCountsAsSeveralStatementsWhichOnlyMeansNoRetry() {
    assertThat(
            SqlText.isSingleStatement(
                "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE c SET n = n + 1; END"))
        .isFalse();
  }
}
