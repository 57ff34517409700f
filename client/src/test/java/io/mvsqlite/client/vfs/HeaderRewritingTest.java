package io.mvsqlite.client.vfs;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.txn.CommitResult;
import io.mvsqlite.client.txn.MvConnection;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * Header rewriting through real SQLite: SQLite stamps page 0 (change counter, version-valid-for) in
 * every commit, but those fields are zeroed on write, so a commit that changes a row in place sends
 * only that row's page, and a transaction that changes nothing sends nothing. That keeps writers of
 * different rows from conflicting on page 0.
 */
class HeaderRewritingTest extends DirectModeFixture {

  @Test
  void anUpdateInPlaceCommitsOnlyItsLeafPageAndANoOpUpdateCommitsNothing() throws Exception {
    String ns = uniqueNamespace("header");
    try (Connection c = open(ns)) {
      exec(
          c,
          "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
          "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)"
              + " SELECT i, printf('%.100c', 'a') FROM n");
      MvConnection core = mvFile(c, "main").connection();

      exec(c, "UPDATE t SET v = printf('%.100c', 'b') WHERE id = 250");
      CommitResult.Committed update = core.lastCommit();
      assertThat(update.pages())
          .as("the row's leaf page only, not the re-stamped header")
          .isEqualTo(1);

      exec(c, "UPDATE t SET v = v");
      assertThat(core.lastCommit())
          .as("every page equals its snapshot content: nothing sent")
          .isSameAs(update);

      assertThat(queryLong(c, "SELECT count(*) FROM t WHERE v LIKE 'b%'")).isEqualTo(1);
      assertIntact(c);
    }
  }
}
