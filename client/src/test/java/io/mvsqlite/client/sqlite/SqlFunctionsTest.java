package io.mvsqlite.client.sqlite;

import static io.mvsqlite.client.sqlite.TestDatabases.assertIntact;
import static io.mvsqlite.client.sqlite.TestDatabases.exec;
import static io.mvsqlite.client.sqlite.TestDatabases.open;
import static io.mvsqlite.client.sqlite.TestDatabases.queryLong;
import static io.mvsqlite.client.sqlite.TestDatabases.queryString;
import static io.mvsqlite.client.sqlite.TestDatabases.registeredMemoryVfs;
import static io.mvsqlite.client.sqlite.TestDatabases.unique;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_DIRECTONLY;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_ERROR;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_MAIN_DB;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_PERM;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_UTF8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mvsqlite.client.vfs.MemoryVfs;
import io.mvsqlite.client.vfs.VirtualFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlFunctionsTest {

  private final SqlFunctions functions = TestDatabases.binding().functions();

  private Connection openMemory(MemoryVfs vfs) throws SQLException {
    return open(vfs.name(), unique("fn") + ".db");
  }

  @Test
  void javaFunctionsReturnEveryType() throws Exception {
    try (Connection connection = openMemory(registeredMemoryVfs())) {
      DbHandle db = JdbcHandles.dbHandle(connection);
      functions.register(db, "j_long", 0, SQLITE_UTF8, call -> 1L << 40);
      functions.register(db, "j_int", 0, SQLITE_UTF8, call -> 7);
      functions.register(db, "j_bool", 0, SQLITE_UTF8, call -> true);
      functions.register(db, "j_double", 0, SQLITE_UTF8, call -> 2.5);
      functions.register(db, "j_text", 0, SQLITE_UTF8, call -> "héllo wörld ✓");
      functions.register(db, "j_empty", 0, SQLITE_UTF8, call -> "");
      functions.register(db, "j_blob", 0, SQLITE_UTF8, call -> new byte[] {0, 1, 2, (byte) 0xFF});
      functions.register(db, "j_empty_blob", 0, SQLITE_UTF8, call -> new byte[0]);
      functions.register(db, "j_null", 0, SQLITE_UTF8, call -> null);

      try (Statement statement = connection.createStatement();
          ResultSet row =
              statement.executeQuery(
                  "SELECT j_long(), typeof(j_long()), j_int(), j_bool(), j_double(), typeof(j_double()), j_text(),"
                      + " typeof(j_empty()), length(j_empty()), j_blob(), typeof(j_empty_blob()),"
                      + " length(j_empty_blob()), typeof(j_null())")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getLong(1)).isEqualTo(1L << 40);
        assertThat(row.getString(2)).isEqualTo("integer");
        assertThat(row.getLong(3)).isEqualTo(7);
        assertThat(row.getLong(4)).isEqualTo(1);
        assertThat(row.getDouble(5)).isEqualTo(2.5);
        assertThat(row.getString(6)).isEqualTo("real");
        assertThat(row.getString(7)).isEqualTo("héllo wörld ✓");
        assertThat(row.getString(8)).isEqualTo("text");
        assertThat(row.getLong(9)).isZero();
        assertThat(row.getBytes(10)).containsExactly(0, 1, 2, 0xFF);
        assertThat(row.getString(11)).isEqualTo("blob");
        assertThat(row.getLong(12)).isZero();
        assertThat(row.getString(13)).isEqualTo("null");
      }
      assertIntact(connection);
    }
  }

  @Test
  void argumentsArriveAsJavaValues() throws Exception {
    try (Connection connection = openMemory(registeredMemoryVfs())) {
      List<Object> seen = new ArrayList<>();
      functions.register(
          JdbcHandles.dbHandle(connection),
          "j_types",
          -1,
          SQLITE_UTF8,
          call -> {
            seen.addAll(call.arguments());
            return call.arguments().stream()
                .map(a -> a == null ? "null" : a.getClass().getSimpleName())
                .collect(Collectors.joining(","));
          });

      try (PreparedStatement query =
          connection.prepareStatement("SELECT j_types(42, 2.5, 'tëxt', ?, NULL)")) {
        query.setBytes(1, new byte[] {9, 8, 7});
        try (ResultSet row = query.executeQuery()) {
          assertThat(row.next()).isTrue();
          assertThat(row.getString(1)).isEqualTo("Long,Double,String,byte[],null");
        }
      }
      assertThat(seen.subList(0, 3)).containsExactly(42L, 2.5, "tëxt");
      assertThat((byte[]) seen.get(3)).containsExactly(9, 8, 7);
      assertThat(seen.get(4)).isNull();
    }
  }

  @Test
  void sqlFunctionExceptionFailsTheStatementWithItsMessageAndCode() throws Exception {
    try (Connection connection = openMemory(registeredMemoryVfs())) {
      functions.register(
          JdbcHandles.dbHandle(connection),
          "j_conflict",
          0,
          SQLITE_UTF8 | SQLITE_DIRECTONLY,
          call -> {
            throw new SqlFunctionException(SQLITE_PERM, "commit group conflict");
          });

      SQLException failure =
          catchThrowableOfType(
              SQLException.class, () -> queryString(connection, "SELECT j_conflict()"));

      assertThat(failure.getMessage()).contains("commit group conflict");
      assertThat(failure.getErrorCode()).isEqualTo(SQLITE_PERM);
      assertIntact(connection);
    }
  }

  @Test
  void unexpectedExceptionsAndUnsupportedResultsBecomeSqlErrors() throws Exception {
    try (Connection connection = openMemory(registeredMemoryVfs())) {
      DbHandle db = JdbcHandles.dbHandle(connection);
      functions.register(
          db,
          "j_bug",
          0,
          SQLITE_UTF8,
          call -> {
            throw new IllegalStateException("a bug in the function");
          });
      functions.register(db, "j_odd", 0, SQLITE_UTF8, call -> new Object());
      functions.register(db, "j_needs_text", 1, SQLITE_UTF8, call -> call.text(0));

      SQLException bug =
          catchThrowableOfType(SQLException.class, () -> queryString(connection, "SELECT j_bug()"));
      assertThat(bug.getMessage()).contains("a bug in the function");
      assertThat(bug.getErrorCode()).isEqualTo(SQLITE_ERROR);

      SQLException odd =
          catchThrowableOfType(SQLException.class, () -> queryString(connection, "SELECT j_odd()"));
      assertThat(odd.getMessage()).contains("unsupported type");

      SQLException wrongArgument =
          catchThrowableOfType(
              SQLException.class, () -> queryString(connection, "SELECT j_needs_text(1)"));
      assertThat(wrongArgument.getMessage()).contains("argument 1 must be text");
      assertThat(queryString(connection, "SELECT j_needs_text('ok')")).isEqualTo("ok");
    }
  }

  @Test
  void fileForFindsTheMainDatabaseFileButNotTempOrUnknownSchemas() throws Exception {
    MemoryVfs vfs = registeredMemoryVfs();
    try (Connection connection = openMemory(vfs)) {
      exec(connection, "CREATE TABLE t(v)");
      DbHandle db = JdbcHandles.dbHandle(connection);
      VirtualFile mainFile =
          vfs.opened().stream()
              .filter(o -> (o.flags() & SQLITE_OPEN_MAIN_DB) != 0)
              .reduce((first, second) -> second)
              .orElseThrow()
              .file();

      assertThat(FileHandles.fileFor(db, "main")).containsSame(mainFile);
      assertThat(FileHandles.fileFor(db, "temp")).isEmpty();
      assertThat(FileHandles.fileFor(db, "nosuch")).isEmpty();

      AtomicReference<Optional<VirtualFile>> fromInside = new AtomicReference<>();
      functions.register(
          db,
          "j_file",
          1,
          SQLITE_UTF8,
          call -> {
            fromInside.set(FileHandles.fileFor(call.db(), call.text(0)));
            return fromInside.get().isPresent();
          });
      assertThat(queryLong(connection, "SELECT j_file('main')")).isEqualTo(1);
      assertThat(fromInside.get()).containsSame(mainFile);

      exec(
          connection,
          "PRAGMA temp_store = FILE",
          "CREATE TEMP TABLE scratch(v)",
          "PRAGMA temp.cache_size = 10",
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)"
              + " INSERT INTO scratch SELECT zeroblob(5000) FROM n");
      assertThat(queryLong(connection, "SELECT j_file('temp')")).isZero();
    }
  }

  @Test
  void fileForIsEmptyOnANativeVfs(@TempDir Path directory) throws Exception {
    try (Connection connection =
        DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("native.db"))) {
      exec(connection, "CREATE TABLE t(v)");
      assertThat(FileHandles.fileFor(JdbcHandles.dbHandle(connection), "main")).isEmpty();
    }
  }

  @Test
  void functionsAreForgottenWhenTheirConnectionCloses() throws Exception {
    int before = functions.liveCount();
    try (Connection connection = openMemory(registeredMemoryVfs())) {
      // Functions installed on every connection (mvSQLite's, once it is installed) arrive with the
      // open.
      int opened = functions.liveCount();
      DbHandle db = JdbcHandles.dbHandle(connection);
      functions.register(db, "j_a", 0, SQLITE_UTF8, call -> 1L);
      functions.register(db, "j_b", 0, SQLITE_UTF8, call -> 2L);
      functions.register(
          db, "j_a", 0, SQLITE_UTF8, call -> 3L); // replaces the first: SQLite destroys it
      assertThat(functions.liveCount()).isEqualTo(opened + 2);
      assertThat(queryLong(connection, "SELECT j_a() + j_b()")).isEqualTo(5);
    }
    assertThat(functions.liveCount()).isEqualTo(before);
  }

  @Test
  void functionsInstalledOnEveryConnectionReachConnectionsOpenedLater() throws Exception {
    MemoryVfs vfs = registeredMemoryVfs();
    String name = "j_auto_" + unique("f").replace('-', '_');
    SqlFunctions.Installation installation =
        functions.installOnEveryConnection(
            name, 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, call -> call.integer(0) * 2);
    try (Connection connection = openMemory(vfs)) {
      assertThat(queryLong(connection, "SELECT " + name + "(21)")).isEqualTo(42);
    } finally {
      installation.close();
    }
    try (Connection connection = openMemory(vfs)) {
      SQLException missing =
          catchThrowableOfType(
              SQLException.class, () -> queryLong(connection, "SELECT " + name + "(21)"));
      assertThat(missing.getMessage()).contains("no such function");
    }
  }

  @Test
  void badRegistrationsAreRefusedBeforeTouchingSqlite() throws Exception {
    try (Connection connection = openMemory(registeredMemoryVfs())) {
      DbHandle db = JdbcHandles.dbHandle(connection);
      int before = functions.liveCount();
      assertThatThrownBy(() -> functions.register(db, "", 0, SQLITE_UTF8, call -> null))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> functions.register(db, "f", 128, SQLITE_UTF8, call -> null))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> functions.register(db, "f", -2, SQLITE_UTF8, call -> null))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(functions.liveCount()).isEqualTo(before);
    }
  }
}
