package io.mvsqlite.client.sqlite;

import static io.mvsqlite.client.sqlite.TestDatabases.exec;
import static io.mvsqlite.client.sqlite.TestDatabases.queryLong;
import static io.mvsqlite.client.sqlite.TestDatabases.registeredMemoryVfs;
import static io.mvsqlite.client.sqlite.TestDatabases.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.client.vfs.MemoryVfs;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SqliteBindingTest {

  @Test
  void forSqliteJdbcCapturesTheBundledApiOnceForTheWholeLoaderHierarchy() throws Exception {
    SqliteBinding binding = TestDatabases.binding();
    assertThat(binding.api().libversion()).isEqualTo(queryVersion());
    assertThat(binding.api().libversionNumber())
        .isGreaterThanOrEqualTo(SqliteApi.MIN_ROUTINES_TABLE_VERSION);
    assertThat(SqliteBinding.forSqliteJdbc(getClass().getClassLoader())).isSameAs(binding);

    // A child loader that delegates to ours sees the same sqlite-jdbc classes, hence the same
    // native copy.
    try (URLClassLoader child = new URLClassLoader(new URL[0], getClass().getClassLoader())) {
      assertThat(SqliteBinding.forSqliteJdbc(child)).isSameAs(binding);
    }
    // The bootstrap VFS is gone again.
    assertThat(binding.vfs().isRegistered(JavaDlBootstrap.EXTENSION_TOKEN + "-1")).isFalse();
  }

  private static String queryVersion() throws SQLException {
    try (Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:")) {
      return TestDatabases.queryString(connection, "SELECT sqlite_version()");
    }
  }

  @Test
  void anIsolatedClassLoaderHasItsOwnSqliteCopyAndVfsList() throws Exception {
    URL sqliteJdbcJar = org.sqlite.JDBC.class.getProtectionDomain().getCodeSource().getLocation();
    MemoryVfs ours = registeredMemoryVfs();
    ClassLoader platform = ClassLoader.getPlatformClassLoader();
    try (URLClassLoader isolated = new URLClassLoader(new URL[] {sqliteJdbcJar}, platform)) {
      SqliteBinding other = SqliteBinding.forSqliteJdbc(isolated);
      assertThat(other).isNotSameAs(TestDatabases.binding());
      assertThat(other.api().identity()).isNotEqualTo(TestDatabases.binding().api().identity());

      Driver driver =
          (Driver)
              Class.forName("org.sqlite.JDBC", true, isolated)
                  .getDeclaredConstructor()
                  .newInstance();
      String file = unique("isolated") + ".db";
      assertThatThrownBy(
              () ->
                  driver.connect(
                      "jdbc:sqlite:file:" + file + "?vfs=" + ours.name(), new Properties()))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("no such vfs");

      MemoryVfs theirs = new MemoryVfs(unique("isolated-vfs"));
      other.vfs().register(theirs, false);
      String url = "jdbc:sqlite:file:" + file + "?vfs=" + theirs.name();
      try (Connection connection = driver.connect(url, new Properties())) {
        exec(connection, "CREATE TABLE t(v)", "INSERT INTO t VALUES (1)");
        assertThat(queryLong(connection, "SELECT count(*) FROM t")).isEqualTo(1);
        assertThat(JdbcHandles.dbHandle(connection).api()).isSameAs(other.api());
      }
      assertThat(theirs.fileNames()).containsExactly(file);
      assertThat(ours.fileNames()).isEmpty();
    }
  }

  @Test
  void jdbcHandlesSeesThroughWrappers() throws Exception {
    try (Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:")) {
      Connection wrapper = wrap(connection);
      Connection doubleWrapper = wrap(wrapper);
      long direct = JdbcHandles.dbHandle(connection).address();

      assertThat(JdbcHandles.dbHandle(wrapper).address()).isEqualTo(direct);
      assertThat(JdbcHandles.dbHandle(doubleWrapper).address()).isEqualTo(direct);
    }
  }

  @Test
  void jdbcHandlesRejectsForeignAndClosedConnections() throws Exception {
    Connection foreign =
        (Connection)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "isWrapperFor" -> false;
                      case "unwrap" -> throw new SQLException("not a wrapper");
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    assertThatThrownBy(() -> JdbcHandles.dbHandle(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a sqlite-jdbc connection");

    Connection closed = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:");
    closed.close();
    assertThatThrownBy(() -> JdbcHandles.dbHandle(closed))
        .isInstanceOf(IllegalStateException.class);
  }

  /** A pool-style proxy that forwards everything and unwraps to its delegate. */
  private static Connection wrap(Connection delegate) {
    return (Connection)
        Proxy.newProxyInstance(
            SqliteBindingTest.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "unwrap" -> {
                  Class<?> type = (Class<?>) args[0];
                  return type.isInstance(delegate) ? delegate : delegate.unwrap(type);
                }
                case "isWrapperFor" -> {
                  Class<?> type = (Class<?>) args[0];
                  return type.isInstance(delegate) || delegate.isWrapperFor(type);
                }
                default -> {
                  try {
                    return method.invoke(delegate, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                }
              }
            });
  }

  @Test
  void withoutNativeAccessTheBindingRefusesWithAClearMessage()
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    NativeAccessProbe.class.getName()))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(output)
        .contains("REFUSED")
        .contains("--enable-native-access=ALL-UNNAMED")
        .doesNotContain("BOUND");
    assertThat(output).as("no restricted method was reached").doesNotContain("restricted method");
    assertThat(process.exitValue()).isZero();
  }
}
