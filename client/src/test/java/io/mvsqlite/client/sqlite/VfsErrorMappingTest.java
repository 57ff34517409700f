package io.mvsqlite.client.sqlite;

import static io.mvsqlite.client.sqlite.TestDatabases.assertIntact;
import static io.mvsqlite.client.sqlite.TestDatabases.exec;
import static io.mvsqlite.client.sqlite.TestDatabases.open;
import static io.mvsqlite.client.sqlite.TestDatabases.queryLong;
import static io.mvsqlite.client.sqlite.TestDatabases.unique;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_CANTOPEN;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_LOCK;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mvsqlite.client.vfs.FaultInjectingVfs;
import io.mvsqlite.client.vfs.MemoryVfs;
import io.mvsqlite.client.vfs.VfsException;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteException;

/** Failures inside the Java VFS reach JDBC as SQLite result codes; nothing kills the JVM. */
class VfsErrorMappingTest {

  private FaultInjectingVfs vfs;
  private VfsRegistration registration;
  private String file;

  @BeforeEach
  void createDatabase() throws SQLException {
    vfs = new FaultInjectingVfs(new MemoryVfs(unique("faulty")));
    registration = TestDatabases.register(vfs);
    file = unique("faults") + ".db";
    try (Connection connection = open(vfs.name(), file)) {
      exec(connection, "CREATE TABLE t(v INTEGER)", "INSERT INTO t VALUES (1), (2), (3)");
    }
  }

  /** The extended result code sqlite-jdbc reports (getErrorCode() holds only the primary code). */
  private static int extendedCode(SQLException e) {
    return ((SQLiteException) e).getResultCode().code;
  }

  @Test
  void readFailingWithVfsExceptionSurfacesWithItsExtendedCode() throws SQLException {
    try (Connection connection = open(vfs.name(), file)) {
      vfs.failReads(new VfsException(SQLITE_IOERR_READ, "boom"));
      SQLException failure =
          catchThrowableOfType(
              SQLException.class, () -> queryLong(connection, "SELECT sum(v) FROM t"));

      assertThat(failure.getErrorCode()).isEqualTo(SQLITE_IOERR);
      assertThat(extendedCode(failure)).isEqualTo(SQLITE_IOERR_READ);
      assertThat(registration.lastError())
          .contains(new VfsRegistration.VfsError(SQLITE_IOERR_READ, "boom"));

      vfs.failReads(null);
      assertThat(queryLong(connection, "SELECT sum(v) FROM t")).isEqualTo(6);
      assertIntact(connection);
    }
  }

  @Test
  void runtimeExceptionInAnUpcallBecomesTheMethodsIoerrAndTheJvmSurvives() throws SQLException {
    try (Connection connection = open(vfs.name(), file)) {
      vfs.failReads(new IllegalStateException("a bug in the VFS"));
      SQLException failure =
          catchThrowableOfType(
              SQLException.class, () -> queryLong(connection, "SELECT sum(v) FROM t"));

      assertThat(extendedCode(failure)).isEqualTo(SQLITE_IOERR_READ);
      assertThat(registration.lastError().orElseThrow().message()).contains("a bug in the VFS");
      assertThat(vfs.injected()).isPositive();

      vfs.failReads(null);
      assertThat(queryLong(connection, "SELECT count(*) FROM t")).isEqualTo(3);
      assertIntact(connection);
    }
  }

  @Test
  void mvExceptionMapsThroughItsErrorCode() throws SQLException {
    try (Connection connection = open(vfs.name(), file)) {
      // INTERNAL carries a bare SQLITE_IOERR, which becomes the method's subcode.
      vfs.failLocks(new MvException(ErrorCode.INTERNAL, "server bug"));
      SQLException internal =
          catchThrowableOfType(
              SQLException.class, () -> queryLong(connection, "SELECT sum(v) FROM t"));
      assertThat(extendedCode(internal)).isEqualTo(SQLITE_IOERR_LOCK);

      // NAMESPACE_NOT_FOUND carries SQLITE_CANTOPEN, which SQLite gets as is.
      vfs.failLocks(new MvException(ErrorCode.NAMESPACE_NOT_FOUND, "no namespace"));
      SQLException notFound =
          catchThrowableOfType(
              SQLException.class, () -> queryLong(connection, "SELECT sum(v) FROM t"));
      assertThat(notFound.getErrorCode()).isEqualTo(SQLITE_CANTOPEN);

      vfs.failLocks(null);
      assertIntact(connection);
    }
  }

  @Test
  void lockFailureSurfacesAsIoerrLock() throws SQLException {
    try (Connection connection = open(vfs.name(), file)) {
      vfs.failLocks(new RuntimeException("lock service down"));
      SQLException failure =
          catchThrowableOfType(
              SQLException.class, () -> exec(connection, "INSERT INTO t VALUES (4)"));

      assertThat(extendedCode(failure)).isEqualTo(SQLITE_IOERR_LOCK);
      vfs.failLocks(null);
      exec(connection, "INSERT INTO t VALUES (4)");
      assertThat(queryLong(connection, "SELECT count(*) FROM t")).isEqualTo(4);
      assertIntact(connection);
    }
  }

  @Test
  void openFailureSurfacesAsCantOpenAndLeavesNoHandleBehind() {
    int openFiles = OpenFiles.count();
    vfs.failOpens(new IllegalArgumentException("no such namespace"));

    SQLException failure =
        catchThrowableOfType(
            SQLException.class, () -> queryLong(open(vfs.name(), file), "SELECT 1 FROM t"));

    assertThat(failure.getErrorCode()).isEqualTo(SQLITE_CANTOPEN);
    assertThat(OpenFiles.count()).isEqualTo(openFiles);
    vfs.failOpens(null);
  }
}
