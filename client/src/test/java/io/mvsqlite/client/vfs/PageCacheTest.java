package io.mvsqlite.client.vfs;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.txn.MvConnection;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * The page cache through real SQLite: it survives transactions (a warm query reads nothing from the
 * store), and {@code /stat?from_version=} drops exactly the pages other connections changed since,
 * so the next transaction fetches those few pages and sees the new rows, never a stale page.
 */
class PageCacheTest extends DirectModeFixture {

  private static final int ROWS = 3000;

  @Test
  void aWarmCacheReadsNothingAndOnlyPagesChangedElsewhereAreFetchedAgain() throws Exception {
    String ns = uniqueNamespace("cache");
    try (Connection reader = open(ns, "prefetchDepth=0");
        Connection writer = open(ns)) {
      exec(
          writer,
          "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
          "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
              + ROWS
              + ")"
              + " SELECT i, printf('%.100c', 'a') FROM n");
      String sum = "SELECT sum(length(v)), count(*) FROM t";
      MvConnection core = mvFile(reader, "main").connection();

      assertThat(queryLong(reader, sum)).isEqualTo(ROWS * 100L);
      long cold = core.readRequests();
      long cached = core.cachedPages();
      assertThat(cached).as("the scan filled the cache").isGreaterThan(30);

      assertThat(queryLong(reader, sum)).isEqualTo(ROWS * 100L);
      assertThat(core.readRequests())
          .as("a second transaction over unchanged data reads from the cache")
          .isEqualTo(cold);

      // Same length: only the row's leaf page changes (page 0 is not committed, see
      // HeaderRewritingTest).
      exec(writer, "UPDATE t SET v = printf('%.100c', 'b') WHERE id = " + ROWS / 2);
      assertThat(queryLong(reader, "SELECT count(*) FROM t WHERE v LIKE 'b%'"))
          .as("the change made elsewhere is seen")
          .isEqualTo(1);
      long refetched = core.readRequests() - cold;
      assertThat(refetched).as("only the page the update changed is fetched again").isEqualTo(1);
      assertThat(queryString(reader, "SELECT substr(v, 1, 3) FROM t WHERE id = " + ROWS / 2))
          .isEqualTo("bbb");
      assertIntact(reader);
    }
  }
}
