package io.mvsqlite.client.sqlite;

import static io.mvsqlite.client.sqlite.TestDatabases.assertIntact;
import static io.mvsqlite.client.sqlite.TestDatabases.exec;
import static io.mvsqlite.client.sqlite.TestDatabases.queryLong;
import static io.mvsqlite.client.sqlite.TestDatabases.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.vfs.MemoryVfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java VFS registered as SQLite's default serves plain {@code jdbc:sqlite:x.db} URLs until the
 * default is reset.
 */
class DefaultVfsTest {

  private VfsRegistrar registrar;
  private String originalDefault;

  @BeforeEach
  void rememberDefault() {
    registrar = TestDatabases.binding().vfs();
    originalDefault = registrar.defaultVfsName();
  }

  @AfterEach
  void restoreDefault() {
    registrar.setDefault(originalDefault);
  }

  @Test
  void aDefaultJavaVfsServesPlainUrlsAndTheOriginalDefaultCanBeRestored(@TempDir Path directory)
      throws Exception {
    MemoryVfs vfs = new MemoryVfs(unique("default"));
    registrar.register(vfs, true);
    assertThat(registrar.defaultVfsName()).isEqualTo(vfs.name());

    Path inMemory = directory.resolve("plain.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + inMemory)) {
      exec(connection, "CREATE TABLE t(v)", "INSERT INTO t VALUES (1)");
      assertIntact(connection);
    }
    assertThat(vfs.fileNames()).containsExactly(inMemory.toString());
    assertThat(Files.exists(inMemory)).isFalse();

    registrar.setDefault(originalDefault);
    assertThat(registrar.defaultVfsName()).isEqualTo(originalDefault);
    Path onDisk = directory.resolve("disk.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + onDisk)) {
      exec(connection, "CREATE TABLE t(v)", "INSERT INTO t VALUES (1)");
    }
    assertThat(Files.exists(onDisk)).isTrue();
    assertThat(vfs.fileNames()).containsExactly(inMemory.toString());
  }

  @Test
  void unregisteringADefaultVfsStopsNewOpensButKeepsOpenConnectionsWorking(@TempDir Path directory)
      throws Exception {
    MemoryVfs vfs = new MemoryVfs(unique("unreg"));
    registrar.register(vfs, true);
    Path path = directory.resolve("kept.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + path)) {
      exec(connection, "CREATE TABLE t(v)");

      assertThat(registrar.unregister(vfs.name())).isTrue();
      assertThat(registrar.isRegistered(vfs.name())).isFalse();
      assertThat(registrar.defaultVfsName()).isNotEqualTo(vfs.name());

      exec(connection, "INSERT INTO t VALUES (1)");
      assertThat(queryLong(connection, "SELECT count(*) FROM t")).isEqualTo(1);
      assertIntact(connection);
    }
    assertThat(registrar.unregister(vfs.name())).isFalse();
    assertThat(Files.exists(path)).isFalse();

    registrar.register(vfs, false);
    try (Connection connection = TestDatabases.open(vfs.name(), path.toString())) {
      assertThat(queryLong(connection, "SELECT count(*) FROM t")).isEqualTo(1);
    }
  }
}
