package io.mvsqlite.client.vfs;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.txn.CommitResult;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * A transaction far beyond FoundationDB's 10 MB: pages stream to the store in the background under
 * a lease.
 */
class LargeTransactionTest extends DirectModeFixture {

  @Test
  void twentyThousandPagesCommitWithBackgroundUploadsUnderALease() throws Exception {
    String ns = uniqueNamespace("large");
    long start = System.nanoTime();
    try (Connection c = open(ns, "pageSize=4096")) {
      exec(
          c,
          "PRAGMA cache_size = 100",
          "CREATE TABLE big(id INTEGER PRIMARY KEY, data BLOB)",
          "BEGIN",
          "INSERT INTO big WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20500)"
              + " SELECT i, randomblob(3500) FROM n",
          "COMMIT");
      CommitResult.Committed commit = mvFile(c, "main").connection().lastCommit();
      assertThat(commit.pages()).isGreaterThanOrEqualTo(20_000);
      assertThat(commit.uploadedPages()).isGreaterThan(19_000);
      assertThat(commit.leased()).isTrue();
    }
    System.out.printf(
        "20,500 rows / >20,000 pages committed in %d ms%n",
        (System.nanoTime() - start) / 1_000_000);
    try (Connection c = open(ns)) {
      assertThat(queryLong(c, "SELECT count(*) FROM big")).isEqualTo(20_500);
      assertThat(queryLong(c, "SELECT sum(length(data)) FROM big")).isEqualTo(20_500L * 3500);
      assertThat(queryLong(c, "PRAGMA page_count")).isGreaterThan(20_000);
      assertIntact(c);
    }
  }
}
