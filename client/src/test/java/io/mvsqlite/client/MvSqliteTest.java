package io.mvsqlite.client;

import static io.mvsqlite.client.MvTestDatabases.exec;
import static io.mvsqlite.client.MvTestDatabases.queryString;
import static io.mvsqlite.client.MvTestDatabases.uniqueNamespace;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.vfs.MvVfs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvSqliteTest {

  @TempDir Path dir;

  @Test
  void installingIsIdempotentAndRegistersEveryVariantButNotAsDefault() {
    MvSqlite.Installation first = MvSqlite.install(getClass().getClassLoader());
    MvSqlite.Installation second = MvSqlite.install();
    assertThat(second).isSameAs(first);
    assertThat(first.fileSystems())
        .extracting(MvVfs::name)
        .containsExactly(
            "mvsqlite", "mvsqlite-4096", "mvsqlite-8192", "mvsqlite-16384", "mvsqlite-32768");
    for (MvVfs fs : first.fileSystems()) {
      assertThat(first.binding().vfs().isRegistered(fs.name())).isTrue();
    }
    assertThat(first.binding().vfs().defaultVfsName()).isNotEqualTo("mvsqlite");
  }

  @Test
  void asTheDefaultVfsAPlainUriOpensANamespace() throws Exception {
    MvSqlite.Installation installation = MvSqlite.install(getClass().getClassLoader());
    String previous = installation.binding().vfs().defaultVfsName();
    String ns = uniqueNamespace("default");
    try {
      MvSqlite.installAsDefault(getClass().getClassLoader());
      assertThat(installation.binding().vfs().defaultVfsName()).isEqualTo("mvsqlite");
      try (Connection c =
          DriverManager.getConnection(
              "jdbc:sqlite:file:" + ns + "?store=" + dir.resolve("store") + "&autoCreate=1")) {
        exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('no vfs parameter needed')");
        assertThat(queryString(c, "SELECT x FROM t")).isEqualTo("no vfs parameter needed");
      }
    } finally {
      installation.binding().vfs().setDefault(previous);
    }
    assertThat(dir.resolve(ns)).doesNotExist();
  }
}
