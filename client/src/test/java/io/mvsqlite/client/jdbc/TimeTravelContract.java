package io.mvsqlite.client.jdbc;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Time travel through the driver: versions recorded with {@code mv_last_known_version} reopen
 * exactly what was committed then ({@code NS@VERSION} URLs, {@code mv_pin_version}), an ISO-8601
 * instant resolves through the timekeeper ({@code mv_time2version}), and a view of the past refuses
 * writes with SQLITE_READONLY.
 */
abstract class TimeTravelContract extends JdbcTestBase {

  private static final int VERSIONS = 12;

  @Test
  void eachRecordedVersionShowsExactlyWhatWasCommittedThen() throws Exception {
    String ns = uniqueNamespace("versions");
    List<String> versions = new ArrayList<>();
    List<List<String>> contents = new ArrayList<>();
    try (Connection c = connect(ns)) {
      exec(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
      for (int i = 1; i <= VERSIONS; i++) {
        exec(
            c,
            "INSERT INTO t(v) VALUES ('row " + i + "')",
            "UPDATE t SET v = v || '+' WHERE id = 1");
        versions.add(queryString(c, "SELECT mv_last_known_version('main')"));
        contents.add(queryColumn(c, "SELECT v FROM t ORDER BY id"));
      }
      exec(c, "DELETE FROM t WHERE id > 1");
    }
    assertThat(versions)
        .allMatch(v -> v.matches("[0-9a-f]{20}"))
        .doesNotHaveDuplicates()
        .isSorted();

    for (int i = 0; i < VERSIONS; i++) {
      try (Connection old = connect(ns + "@" + versions.get(i))) {
        assertThat(queryColumn(old, "SELECT v FROM t ORDER BY id"))
            .as("at version %d", i + 1)
            .isEqualTo(contents.get(i));
        assertRefusesWrites(old);
        assertIntact(old);
      }
    }
    try (Connection c = connect(ns)) {
      for (int i = VERSIONS - 1; i >= 0; i--) {
        queryColumn(c, "SELECT mv_pin_version('main', '" + versions.get(i) + "')");
        assertThat(queryColumn(c, "SELECT v FROM t ORDER BY id"))
            .as("pinned to version %d", i + 1)
            .isEqualTo(contents.get(i));
        assertRefusesWrites(c);
      }
      queryColumn(c, "SELECT mv_unpin_version('main')");
      assertThat(queryColumn(c, "SELECT v FROM t")).containsExactly("row 1" + "+".repeat(VERSIONS));
      exec(c, "INSERT INTO t(v) VALUES ('after unpinning')");
      assertThat(queryLong(c, "SELECT count(*) FROM t")).isEqualTo(2);
      assertIntact(c);
    }
  }

  @Test
  void anIsoInstantShowsTheDatabaseAsItWasThen() throws Exception {
    String ns = uniqueNamespace("instant");
    try (Connection c = connect(ns, timekeeperOptions())) {
      exec(c, "CREATE TABLE t(x TEXT)", "INSERT INTO t VALUES ('then')");
      String then = queryString(c, "SELECT mv_last_known_version('main')");
      // The first time point recorded after that commit, then a whole second later: an instant
      // after 'then'.
      long[] pointSecond = new long[1];
      await(
          () -> {
            String v = time2version(c, Instant.now().getEpochSecond() + 1);
            if (v != null && v.compareTo(then) >= 0) {
              pointSecond[0] = Instant.now().getEpochSecond();
              return true;
            }
            return false;
          });
      Instant pin = Instant.ofEpochSecond(pointSecond[0] + 1);
      await(() -> Instant.now().isAfter(pin.plusMillis(10)));
      exec(c, "UPDATE t SET x = 'now'");

      String resolved = queryString(c, "SELECT mv_time2version('main', '" + pin + "')");
      assertThat(resolved).isNotNull().isGreaterThanOrEqualTo(then);
      assertThat(queryString(c, "SELECT mv_time2version('main', " + pin.getEpochSecond() + ")"))
          .as("unix seconds and ISO text name the same instant")
          .isEqualTo(resolved);
      try (Connection old = connect(ns + "@" + pin)) {
        assertThat(queryString(old, "SELECT x FROM t")).isEqualTo("then");
        assertRefusesWrites(old);
      }
      try (Connection old = connect(ns + "@" + resolved)) {
        assertThat(queryString(old, "SELECT x FROM t")).isEqualTo("then");
      }
      queryColumn(c, "SELECT mv_pin_version('main', '" + pin + "')");
      assertThat(queryString(c, "SELECT x FROM t")).isEqualTo("then");
      queryColumn(c, "SELECT mv_unpin_version('main')");
      assertThat(queryString(c, "SELECT x FROM t")).isEqualTo("now");
      assertIntact(c);
    }
  }

  /**
   * URL options that make the backend's timekeeper record time points often (none needed over
   * HTTP).
   */
  abstract String timekeeperOptions();

  private static String time2version(Connection c, long unixSeconds) {
    try {
      return queryString(c, "SELECT mv_time2version('main', " + unixSeconds + ")");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes fail with SQLITE_READONLY (SQLSTATE 25006), and nothing changes. */
  static void assertRefusesWrites(Connection c) throws SQLException {
    long rows = queryLong(c, "SELECT count(*) FROM t");
    SQLException e =
        catchThrowableOfType(SQLException.class, () -> exec(c, "INSERT INTO t DEFAULT VALUES"));
    assertThat(e.getErrorCode()).as("SQLITE_READONLY").isEqualTo(8);
    assertThat(e.getSQLState()).isEqualTo("25006");
    assertThat(queryLong(c, "SELECT count(*) FROM t")).isEqualTo(rows);
  }

  /** Waits (at most 20 s) for a condition that depends on the wall clock and the timekeeper. */
  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for the timekeeper").isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
