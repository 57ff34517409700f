package io.mvsqlite.client.sqlite;

import static io.mvsqlite.client.sqlite.TestDatabases.unique;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_DONE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_INTEGER;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_CREATE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_READWRITE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_URI;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_ROW;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_TEXT;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_UTF8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mvsqlite.client.vfs.MemoryVfs;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Source (b): the host's libsqlite3, bound by its exported symbols and driven purely through
 * downcalls.
 */
class NativeLibraryTest {

  private static final String SYSTEM_LIBRARY = "/lib/x86_64-linux-gnu/libsqlite3.so.0";

  private static final int READ_WRITE_CREATE_URI =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI;

  private static SqliteBinding binding;

  @BeforeAll
  static void bind() {
    assumeTrue(Files.exists(Path.of(SYSTEM_LIBRARY)), "no system libsqlite3 at " + SYSTEM_LIBRARY);
    binding = SqliteBinding.forNativeLibrary(SYSTEM_LIBRARY);
  }

  /** Runs {@code sql} and returns every row's columns as Java values. */
  private static List<List<Object>> query(SqliteApi api, MemorySegment db, String sql) {
    MemorySegment stmt = api.prepareV2(db, sql);
    try {
      List<List<Object>> rows = new ArrayList<>();
      int rc;
      while ((rc = api.step(stmt)) == SQLITE_ROW) {
        List<Object> row = new ArrayList<>();
        for (int column = 0; column < api.columnCount(stmt); column++) {
          row.add(
              switch (api.columnType(stmt, column)) {
                case SQLITE_INTEGER -> api.columnInt64(stmt, column);
                case SQLITE_TEXT -> api.columnText(stmt, column);
                default -> api.columnBlob(stmt, column);
              });
        }
        rows.add(row);
      }
      assertThat(rc).as("step result of %s", sql).isEqualTo(SQLITE_DONE);
      return rows;
    } finally {
      api.finalizeStatement(stmt);
    }
  }

  @Test
  void theSystemLibraryIsAnotherSqliteCopyThanSqliteJdbcs() {
    SqliteApi api = binding.api();
    assertThat(api.libversion()).startsWith("3.");
    assertThat(api.libversionNumber()).isGreaterThanOrEqualTo(3_040_000);
    assertThat(api.identity()).isNotEqualTo(TestDatabases.binding().api().identity());
    assertThat(SqliteBinding.forNativeLibrary(SYSTEM_LIBRARY)).isSameAs(binding);
    // The bare soname resolves to the same loaded library, hence the same binding.
    assertThat(SqliteBinding.forNativeLibrary("libsqlite3.so.0")).isSameAs(binding);
  }

  @Test
  void aDatabaseOnTheJavaVfsWorksThroughDowncallsOnly() {
    SqliteApi api = binding.api();
    MemoryVfs vfs = new MemoryVfs(unique("native"));
    binding.vfs().register(vfs, false);
    String file = unique("native") + ".db";

    MemorySegment db = api.openV2("file:" + file, READ_WRITE_CREATE_URI, vfs.name());
    try {
      api.exec(
          db, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT); CREATE INDEX t_name ON t(name)");
      MemorySegment insert = api.prepareV2(db, "INSERT INTO t(name) VALUES (?)");
      try {
        for (int i = 0; i < 500; i++) {
          api.bindText(insert, 1, "name-" + i);
          assertThat(api.step(insert)).isEqualTo(SQLITE_DONE);
          api.reset(insert);
        }
      } finally {
        api.finalizeStatement(insert);
      }
      binding
          .functions()
          .register(
              new DbHandle(api, db.address()), "j_twice", 1, SQLITE_UTF8, c -> c.integer(0) * 2);

      assertThat(query(api, db, "SELECT count(*), j_twice(max(id)) FROM t"))
          .containsExactly(List.of(500L, 1000L));
      assertThat(query(api, db, "SELECT name FROM t WHERE name = 'name-7'"))
          .containsExactly(List.of("name-7"));
      assertThat(query(api, db, "PRAGMA integrity_check")).containsExactly(List.of("ok"));
      assertThat(FileHandles.fileFor(new DbHandle(api, db.address()), "main")).isPresent();
    } finally {
      api.closeV2(db);
    }
    assertThat(vfs.fileNames()).containsExactly(file);
    assertThat(Files.exists(Path.of(file))).isFalse();
  }

  @Test
  void sqlErrorsComeBackAsSqliteCallExceptions() {
    SqliteApi api = binding.api();
    MemoryVfs vfs = new MemoryVfs(unique("native-err"));
    binding.vfs().register(vfs, false);
    MemorySegment db = api.openV2("file:err.db", READ_WRITE_CREATE_URI, vfs.name());
    try {
      assertThatThrownBy(() -> api.exec(db, "SELECT * FROM missing"))
          .isInstanceOf(SqliteCallException.class)
          .hasMessageContaining("no such table");
    } finally {
      api.closeV2(db);
    }
    assertThatThrownBy(() -> api.openV2("file:x.db", READ_WRITE_CREATE_URI, unique("none")))
        .isInstanceOf(SqliteCallException.class)
        .hasMessageContaining("no such vfs");
  }
}
