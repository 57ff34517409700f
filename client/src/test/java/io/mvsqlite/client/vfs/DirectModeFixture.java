package io.mvsqlite.client.vfs;

import io.mvsqlite.client.MvTestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test base: mvSQLite in direct mode on a fresh embedded store (RocksDB, strict mode:
 * FoundationDB's limits enforced, set by the build) per test class instance. Connections open
 * {@code file:NS?vfs=mvsqlite&store=DIR}.
 */
abstract class DirectModeFixture {

  @TempDir Path dir;

  /** The URI parameters selecting this test's store (plus {@code extra}, if not empty). */
  String params(String extra) {
    return "store=" + dir.resolve("store") + "&autoCreate=1" + (extra.isEmpty() ? "" : "&" + extra);
  }

  Connection open(String namespace) throws SQLException {
    return MvTestDatabases.open(namespace, params(""));
  }

  Connection open(String namespace, String extra) throws SQLException {
    return MvTestDatabases.open(namespace, params(extra));
  }
}
