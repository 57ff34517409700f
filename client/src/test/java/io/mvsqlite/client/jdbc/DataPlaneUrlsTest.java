package io.mvsqlite.client.jdbc;

import static io.mvsqlite.client.MvTestDatabases.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.http.TestMvstore;
import io.mvsqlite.server.MvstoreServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several data-plane URLs ({@code dataPlane=URL,URL}, {@code MVSQLITE_DATA_PLANE} likewise, see
 * {@link EnvironmentTest}): every request picks one of them at random ({@code HttpPageStore}), so
 * load spreads over all of them, and a retried request picks again, so a server that refuses
 * connections is routed around within the retry deadline. The servers must serve the same store
 * (mvstore processes over one FoundationDB cluster); here two data planes over one embedded store.
 */
class DataPlaneUrlsTest {

  private static final int STATEMENTS = 60;

  @TempDir Path dir;

  @Test
  void requestsSpreadOverEveryDataPlaneAndTheDataIsOneDatabase() throws Exception {
    String ns = uniqueNamespace("spread");
    try (TestMvstore first = TestMvstore.start(dir, c -> c);
        MvstoreServer second = first.startAnotherDataPlane()) {
      String secondUrl = "http://127.0.0.1:" + second.dataPlanePort();
      try (Connection c =
          DriverManager.getConnection(
              "jdbc:mvsqlite:"
                  + ns
                  + "?dataPlane="
                  + first.url()
                  + ","
                  + secondUrl
                  + "&pageCacheSize=0")) {
        writeAndCheck(c, STATEMENTS);
      }
      long onFirst = dataPlaneRequests(first.server);
      long onSecond = dataPlaneRequests(second);
      System.out.printf(
          "data-plane requests: %d on the first server, %d on the second%n", onFirst, onSecond);
      // Each of several hundred requests picks at random: both see a good share (a one-sided split
      // has p < 2^-100).
      assertThat(onFirst).as("requests to the first URL").isGreaterThan(STATEMENTS / 4);
      assertThat(onSecond).as("requests to the second URL").isGreaterThan(STATEMENTS / 4);
      try (Connection c =
          DriverManager.getConnection("jdbc:mvsqlite:" + ns + "?dataPlane=" + secondUrl)) {
        assertThat(queryLong(c, "SELECT count(*) FROM t")).isEqualTo(STATEMENTS);
      }
    }
  }

  @Test
  void aDataPlaneThatRefusesConnectionsIsRoutedAround() throws Exception {
    String ns = uniqueNamespace("failover");
    String dead = "http://127.0.0.1:" + freePort();
    try (TestMvstore live = TestMvstore.start(dir, c -> c);
        Connection c =
            DriverManager.getConnection(
                "jdbc:mvsqlite:" + ns + "?dataPlane=" + dead + "," + live.url())) {
      // Fewer statements: about every second request first meets the refused connection and waits a
      // backoff.
      writeAndCheck(c, 20);
      assertThat(dataPlaneRequests(live.server))
          .as("every request ended on the live server")
          .isGreaterThan(20);
    }
  }

  /**
   * {@code rows} autocommit inserts and reads, each several requests; then the rows and integrity.
   */
  private static void writeAndCheck(Connection c, int rows) throws SQLException {
    exec(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
    try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
      for (int i = 1; i <= rows; i++) {
        p.setInt(1, i);
        p.setString(2, "row " + i);
        p.executeUpdate();
        assertThat(queryLong(c, "SELECT count(*) FROM t")).isEqualTo(i);
      }
    }
    assertThat(
            queryString(
                c,
                "SELECT group_concat(v, ',') FROM (SELECT v FROM t WHERE id IN (1, " + rows + "))"))
        .isEqualTo("row 1,row " + rows);
    assertIntact(c);
  }

  /** Requests the server's data plane answered, from its metrics. */
  private static long dataPlaneRequests(MvstoreServer server) {
    long total = 0;
    for (String line : server.metrics().scrape().split("\n")) {
      if (line.startsWith("mvstore_http_requests_seconds_count{")
          && line.contains("listener=\"data\"")) {
        total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  /** A loopback port nothing listens on (bound, then released). */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
