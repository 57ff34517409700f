package io.mvsqlite.client.vfs;

import static io.mvsqlite.client.MvTestDatabases.*;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR;
import static io.mvsqlite.protocol.SqliteCodes.primary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.MvTestDatabases;
import io.mvsqlite.client.transport.FaultInjectingPageStore;
import io.mvsqlite.client.transport.Transport;
import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures of the store seen through SQLite: transient ones are retried invisibly, a lost commit
 * answer is resolved by the idempotency key, and final ones fail the statement with an I/O error, a
 * message, and no change.
 */
class FaultInjectionTest {

  @TempDir Path dir;
  private final AtomicReference<FaultInjectingPageStore> faults = new AtomicReference<>();
  private String vfsName;

  @BeforeEach
  void registerFaultyVfs() {
    vfsName = uniqueNamespace("faulty-vfs");
    ClientConfig config =
        ClientConfig.defaults()
            .withBackend(new ClientConfig.EmbeddedStore(dir.resolve("store")))
            .withUriParameters(java.util.Map.of("autoCreate", "1", "retryDeadlineSecs", "5"));
    MvVfs vfs =
        new MvVfs(
            vfsName,
            config,
            (c, origin) -> {
              Transport real = Transport.open(c, origin);
              FaultInjectingPageStore store = new FaultInjectingPageStore(real.rawPageStore());
              faults.set(store);
              return Transport.of(
                  store, real.admin().orElse(null), c, "faulty " + real.describe(), real);
            });
    installed().binding().vfs().register(vfs, false);
  }

  private Connection open(String ns) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:file:" + ns + "?vfs=" + vfsName);
  }

  private static final MvException TRANSIENT =
      new MvException(ErrorCode.NETWORK, "injected network failure");

  @Test
  void transientFailuresEverywhereAreRetriedInvisibly() throws Exception {
    String ns = uniqueNamespace("transient");
    try (Connection c = open(ns)) {
      exec(c, "CREATE TABLE t(x)");
      FaultInjectingPageStore f = faults.get();
      f.inject("stat", 3, new FaultInjectingPageStore.Before(TRANSIENT))
          .inject("read", 2, new FaultInjectingPageStore.Before(TRANSIENT))
          .inject("commit", 2, new FaultInjectingPageStore.Before(TRANSIENT));
      exec(c, "INSERT INTO t VALUES ('survived')");
      assertThat(f.calls("commit")).isGreaterThanOrEqualTo(3);
      assertThat(queryString(c, "SELECT x FROM t")).isEqualTo("survived");
      assertIntact(c);
    }
  }

  @Test
  void aCommitWhoseAnswerIsLostIsAppliedExactlyOnce() throws Exception {
    String ns = uniqueNamespace("lost");
    try (Connection c = open(ns)) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
      faults.get().inject("commit", 1, new FaultInjectingPageStore.After(TRANSIENT));
      exec(c, "UPDATE t SET x = x + 1");
      assertThat(queryLong(c, "SELECT x FROM t")).isEqualTo(2);
      assertIntact(c);
    }
  }

  @Test
  void aBadPageReferenceFailsTheCommitWithAnIoErrorAndChangesNothing() throws Exception {
    String ns = uniqueNamespace("badref");
    try (Connection c = open(ns)) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('kept')");
      faults
          .get()
          .inject(
              "commit",
              1,
              new FaultInjectingPageStore.Outcome(new CommitOutcome.BadPageReference("collected")));
      SQLException e =
          catchThrowableOfType(SQLException.class, () -> exec(c, "UPDATE t SET x = 'lost'"));
      assertThat(primary(resultCode(e))).isEqualTo(SQLITE_IOERR);
      assertThat(
              MvTestDatabases.installed()
                  .binding()
                  .vfs()
                  .registration(vfsName)
                  .orElseThrow()
                  .lastError()
                  .orElseThrow()
                  .message())
          .contains("bad page reference");
      assertThat(queryString(c, "SELECT x FROM t")).isEqualTo("kept");
      exec(c, "UPDATE t SET x = 'later'");
      assertThat(queryString(c, "SELECT x FROM t")).isEqualTo("later");
      assertIntact(c);
    }
  }

  @Test
  void aFinalCommitErrorIsNotRetried() throws Exception {
    String ns = uniqueNamespace("final");
    try (Connection c = open(ns)) {
      exec(c, "CREATE TABLE t(x)");
      faults
          .get()
          .inject(
              "commit",
              1,
              new FaultInjectingPageStore.Before(
                  new MvException(ErrorCode.TOO_MANY_PAGES, "injected: too many pages")));
      int before = faults.get().calls("commit");
      SQLException e =
          catchThrowableOfType(SQLException.class, () -> exec(c, "INSERT INTO t VALUES (1)"));
      assertThat(primary(resultCode(e))).isEqualTo(SQLITE_IOERR);
      assertThat(faults.get().calls("commit") - before).isEqualTo(1);
      assertThat(queryLong(c, "SELECT count(*) FROM t")).isZero();
      assertIntact(c);
    }
  }

  @Test
  void aFailedUploadFailsTheCommit() throws Exception {
    String ns = uniqueNamespace("upload");
    try (Connection c = open(ns)) {
      exec(c, "CREATE TABLE t(x)");
      faults
          .get()
          .inject(
              "write",
              1,
              new FaultInjectingPageStore.Before(
                  new MvException(ErrorCode.READ_ONLY, "injected: read-only replica")));
      SQLException e =
          catchThrowableOfType(
              SQLException.class,
              () ->
                  exec(
                      c,
                      "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)"
                          + " SELECT randomblob(5000) FROM n"));
      assertThat(primary(resultCode(e))).isEqualTo(SQLITE_IOERR);
      assertThat(queryLong(c, "SELECT count(*) FROM t")).isZero();
      assertIntact(c);
    }
  }
}
