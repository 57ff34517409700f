package io.mvsqlite.client.vfs;

import static io.mvsqlite.client.MvTestDatabases.*;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_CANTOPEN;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_LOCK;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_READONLY;
import static io.mvsqlite.protocol.SqliteCodes.primary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.MvTestDatabases;
import io.mvsqlite.client.transport.DirectPageStore;
import io.mvsqlite.client.transport.DirectStores;
import io.mvsqlite.client.txn.CommitResult;
import io.mvsqlite.client.txn.HeaderFields;
import io.mvsqlite.client.txn.MvConnection;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.Version;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Time-travel opens and the failures a user can run into, each with a clear error and no abort. */
class PinningAndErrorsTest extends DirectModeFixture {

  @Test
  void aPinnedOpenShowsTheOldDataAndRefusesWrites() throws Exception {
    String ns = uniqueNamespace("pin");
    Version v1;
    try (Connection c = open(ns)) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('v1')");
      v1 = mvFile(c, "main").connection().lastKnownVersion();
      exec(c, "UPDATE t SET x = 'v2'", "INSERT INTO t VALUES ('later')");
    }
    try (Connection old = open(ns + "@" + v1.hex())) {
      assertThat(queryColumn(old, "SELECT x FROM t")).containsExactly("v1");
      SQLException e =
          catchThrowableOfType(SQLException.class, () -> exec(old, "INSERT INTO t VALUES ('no')"));
      assertThat(primary(resultCode(e))).isEqualTo(SQLITE_READONLY);
      assertThat(queryColumn(old, "SELECT x FROM t")).containsExactly("v1");
      assertIntact(old);
    }
    try (Connection c = open(ns)) {
      assertThat(queryColumn(c, "SELECT x FROM t ORDER BY x")).containsExactly("later", "v2");
    }
  }

  @Test
  void aPinBeforeTheFirstWriteIsAnEmptyDatabase() throws Exception {
    String ns = uniqueNamespace("pin0");
    try (Connection c = open(ns)) {
      exec(c, "SELECT 1");
      Version created = mvFile(c, "main").connection().lastKnownVersion();
      exec(c, "CREATE TABLE t(x)");
      try (Connection old = open(ns + "@" + created.hex())) {
        assertThat(queryLong(old, "SELECT count(*) FROM sqlite_schema")).isZero();
      }
    }
  }

  @Test
  void aMissingNamespaceFailsToOpenSayingSo() {
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () ->
                MvTestDatabases.open(uniqueNamespace("missing"), "store=" + dir.resolve("store"))
                    .close());
    assertThat(primary(resultCode(e))).isEqualTo(SQLITE_CANTOPEN);
    assertThat(lastError()).contains("NAMESPACE_NOT_FOUND", "missing");
  }

  @Test
  void withoutABackendOpeningSaysWhatToSet() {
    installed();
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () -> DriverManager.getConnection("jdbc:sqlite:file:nowhere?vfs=mvsqlite").close());
    assertThat(primary(resultCode(e))).isEqualTo(SQLITE_CANTOPEN);
    assertThat(lastError()).contains("dataPlane=", "store=", "cluster=", "MVSQLITE_DATA_PLANE");
  }

  @Test
  void anInvalidUriParameterFailsToOpenSayingWhich() {
    SQLException e =
        catchThrowableOfType(
            SQLException.class, () -> open(uniqueNamespace("bad"), "pageSize=1000").close());
    assertThat(primary(resultCode(e))).isEqualTo(SQLITE_CANTOPEN);
    assertThat(lastError()).contains("pageSize", "1000");
  }

  @Test
  void anExistingNamespaceKeepsItsPageSizeUnlessAnotherIsRequired() throws Exception {
    String ns = uniqueNamespace("learn");
    try (Connection c = open(ns, "pageSize=4096")) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    }
    try (Connection c = MvTestDatabases.open(ns, "store=" + dir.resolve("store"))) {
      assertThat(queryLong(c, "PRAGMA page_size")).isEqualTo(4096);
      assertThat(queryLong(c, "SELECT x FROM t")).isEqualTo(1);
      SQLException refused =
          catchThrowableOfType(SQLException.class, () -> exec(c, "PRAGMA page_size = 8192"));
      assertThat(refused.getMessage()).contains("4096-byte pages");
    }
    SQLException e =
        catchThrowableOfType(SQLException.class, () -> open(ns, "pageSize=8192").close());
    assertThat(primary(resultCode(e))).isEqualTo(SQLITE_CANTOPEN);
    assertThat(lastError()).contains("pageSize=4096");
  }

  @Test
  void claimingANamespaceLockThatIsNotHeldFailsTheNextTransactionWithIoerrLock() throws Exception {
    String ns = uniqueNamespace("ghostowner");
    try (Connection c = open(ns)) {
      exec(c, "CREATE TABLE t(x)");
      mvFile(c, "main").connection().setLockOwner("ghost");
      SQLException e =
          catchThrowableOfType(
              SQLException.class, () -> MvTestDatabases.queryLong(c, "SELECT count(*) FROM t"));
      assertThat(resultCode(e)).isEqualTo(SQLITE_IOERR_LOCK);
      assertThat(lastError()).contains("LOCK_GONE");
      mvFile(c, "main").connection().setLockOwner(null);
      assertThat(MvTestDatabases.queryLong(c, "SELECT count(*) FROM t")).isZero();
    }
  }

  @Test
  void aNamespaceDeletedUnderAnOpenConnectionFailsTheNextTransactionWithIoerrLock()
      throws Exception {
    String ns = uniqueNamespace("deleted");
    try (Connection creator = open(ns)) {
      exec(creator, "CREATE TABLE t(x)");
    }
    try (Connection c = MvTestDatabases.open(ns, "store=" + dir.resolve("store"))) {
      assertThat(MvTestDatabases.queryLong(c, "SELECT count(*) FROM t")).isZero();
      try (DirectPageStore store =
          DirectStores.acquire(new ClientConfig.EmbeddedStore(dir.resolve("store")))) {
        store.admin().delete(ns);
      }
      SQLException e =
          catchThrowableOfType(
              SQLException.class, () -> MvTestDatabases.queryLong(c, "SELECT count(*) FROM t"));
      assertThat(resultCode(e)).isEqualTo(SQLITE_IOERR_LOCK);
      assertThat(lastError()).contains("NAMESPACE_NOT_FOUND");
    }
  }

  @Test
  void aWalHeaderIsRefusedWithAnErrorNotAnAbort() throws Exception {
    String ns = uniqueNamespace("walheader");
    try (DirectPageStore store =
            DirectStores.acquire(new ClientConfig.EmbeddedStore(dir.resolve("store")));
        MvConnection writer =
            new MvConnection(
                store,
                NamespaceRef.of(ns),
                store.admin(),
                new MvConnection.Options(8192, 10, 10, 0, null, true))) {
      writer.begin();
      writer.beginWrite();
      byte[] page0 = writer.templatePage();
      page0[HeaderFields.WRITE_VERSION] = 2;
      page0[HeaderFields.READ_VERSION] = 2;
      writer.writePage(0, page0);
      assertThat(writer.commit()).isInstanceOf(CommitResult.Committed.class);
      writer.end();
    }
    SQLException e = catchThrowableOfType(SQLException.class, () -> open(ns).close());
    assertThat(primary(resultCode(e))).isEqualTo(SQLITE_CANTOPEN);
    assertThat(lastError()).contains("WAL");
  }

  @Test
  void anUnreachableServerFailsWithAnIoErrorAfterTheDeadline() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    long start = System.nanoTime();
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () ->
                MvTestDatabases.open(
                        uniqueNamespace("down"),
                        "dataPlane=http://127.0.0.1:" + port + "&retryDeadlineSecs=1.5")
                    .close());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(primary(resultCode(e))).isEqualTo(SQLITE_IOERR);
    assertThat(lastError()).contains("DEADLINE_EXCEEDED", "127.0.0.1:" + port);
    // The client gives up as soon as its next backoff would pass the deadline, so it may stop
    // somewhat before it.
    assertThat(took).isBetween(Duration.ofMillis(500), Duration.ofSeconds(10));
  }
}
