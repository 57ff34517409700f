package io.mvsqlite.client.sqlite;

import static io.mvsqlite.client.sqlite.TestDatabases.assertIntact;
import static io.mvsqlite.client.sqlite.TestDatabases.exec;
import static io.mvsqlite.client.sqlite.TestDatabases.queryString;
import static io.mvsqlite.client.sqlite.TestDatabases.register;
import static io.mvsqlite.client.sqlite.TestDatabases.unique;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_MAIN_DB;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_READONLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mvsqlite.client.vfs.MemoryVfs;
import io.mvsqlite.client.vfs.PragmaAnswer;
import io.mvsqlite.client.vfs.VfsException;
import io.mvsqlite.client.vfs.VirtualFile;
import io.mvsqlite.client.vfs.VirtualFileSystem;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteException;

/**
 * The binding's extensions for mvSQLite: a main database's URI parameters reach {@code open}, a
 * file that declares itself read-only makes SQLite refuse writes, and PRAGMAs are offered to the
 * file first.
 */
class UriParametersAndPragmasTest {

  /** A MemoryVfs that records the parameters of each open; {@code ro=1} opens a read-only view. */
  private static final class RecordingVfs implements VirtualFileSystem {
    final MemoryVfs delegate = new MemoryVfs(unique("uri"));
    final List<Map<String, String>> mainDbParameters = new CopyOnWriteArrayList<>();
    final List<String> pragmas = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public VirtualFile open(String nameOrNull, int flags) throws VfsException {
      throw new AssertionError("the binding must call the three-argument open");
    }

    @Override
    public VirtualFile open(String nameOrNull, int flags, Map<String, String> parameters)
        throws VfsException {
      if ((flags & SQLITE_OPEN_MAIN_DB) != 0) {
        mainDbParameters.add(parameters);
      } else {
        assertThat(parameters).isEmpty();
      }
      VirtualFile file = delegate.open(nameOrNull, flags);
      boolean readOnly = "1".equals(parameters.get("ro"));
      return (flags & SQLITE_OPEN_MAIN_DB) != 0 ? new PragmaFile(file, readOnly, pragmas) : file;
    }

    @Override
    public boolean access(String name, int flags) {
      return delegate.access(name, flags);
    }

    @Override
    public void delete(String name, boolean syncDir) {
      delegate.delete(name, syncDir);
    }
  }

  /** Delegates everything; answers {@code mvtest_*} pragmas itself. */
  private record PragmaFile(VirtualFile d, boolean readOnly, List<String> seen)
      implements VirtualFile {
    @Override
    public int read(ByteBuffer dst, long offset) throws VfsException {
      return d.read(dst, offset);
    }

    @Override
    public void write(ByteBuffer src, long offset) throws VfsException {
      d.write(src, offset);
    }

    @Override
    public void truncate(long sizeBytes) throws VfsException {
      d.truncate(sizeBytes);
    }

    @Override
    public void sync(int flags) throws VfsException {
      d.sync(flags);
    }

    @Override
    public long fileSize() throws VfsException {
      return d.fileSize();
    }

    @Override
    public int lock(int level) throws VfsException {
      return d.lock(level);
    }

    @Override
    public int unlock(int level) throws VfsException {
      return d.unlock(level);
    }

    @Override
    public boolean checkReservedLock() throws VfsException {
      return d.checkReservedLock();
    }

    @Override
    public void close() throws VfsException {
      d.close();
    }

    @Override
    public boolean isReadOnly() {
      return readOnly;
    }

    @Override
    public PragmaAnswer pragma(String name, String valueOrNull) {
      seen.add(name + "=" + valueOrNull);
      return switch (name) {
        case "mvtest_hello" -> new PragmaAnswer.Handled("hello " + valueOrNull);
        case "mvtest_silent" -> new PragmaAnswer.Handled(null);
        case "mvtest_refuse" -> new PragmaAnswer.Refused("refused by the test file");
        default -> PragmaAnswer.NOT_HANDLED;
      };
    }
  }

  @Test
  void aMainDatabaseReceivesItsUriParameters() throws Exception {
    RecordingVfs vfs = new RecordingVfs();
    register(vfs);
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:sqlite:file:params.db?vfs=" + vfs.name() + "&store=/x/y&pageSize=4096&empty=")) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
      assertIntact(c);
    }
    assertThat(vfs.mainDbParameters).hasSize(1);
    // sqlite-jdbc rebuilds the URI, so the order SQLite sees is not the one written.
    assertThat(vfs.mainDbParameters.getFirst())
        .containsOnly(
            Map.entry("vfs", vfs.name()),
            Map.entry("store", "/x/y"),
            Map.entry("pageSize", "4096"),
            Map.entry("empty", ""));
  }

  @Test
  void aFileThatIsReadOnlyMakesSqliteRefuseWrites() throws Exception {
    RecordingVfs vfs = new RecordingVfs();
    register(vfs);
    String file = unique("ro") + ".db";
    try (Connection c =
        DriverManager.getConnection("jdbc:sqlite:file:" + file + "?vfs=" + vfs.name())) {
      exec(c, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('before')");
    }
    try (Connection c =
        DriverManager.getConnection("jdbc:sqlite:file:" + file + "?vfs=" + vfs.name() + "&ro=1")) {
      assertThat(queryString(c, "SELECT x FROM t")).isEqualTo("before");
      SQLException e =
          catchThrowableOfType(SQLException.class, () -> exec(c, "INSERT INTO t VALUES ('no')"));
      assertThat(((SQLiteException) e).getResultCode().code & 0xff).isEqualTo(SQLITE_READONLY);
      assertThat(queryString(c, "SELECT count(*) FROM t")).isEqualTo("1");
    }
  }

  @Test
  void pragmasAreOfferedToTheFileFirst() throws Exception {
    RecordingVfs vfs = new RecordingVfs();
    register(vfs);
    try (Connection c =
        DriverManager.getConnection("jdbc:sqlite:file:pragma.db?vfs=" + vfs.name())) {
      assertThat(queryString(c, "PRAGMA mvtest_hello = 'world'")).isEqualTo("hello world");
      exec(c, "PRAGMA mvtest_silent");
      SQLException e =
          catchThrowableOfType(SQLException.class, () -> exec(c, "PRAGMA mvtest_refuse = 1"));
      assertThat(e.getMessage()).contains("refused by the test file");
      exec(c, "PRAGMA cache_size = 77");
      assertThat(queryString(c, "PRAGMA cache_size")).isEqualTo("77");
      assertThat(vfs.pragmas).contains("mvtest_hello=world", "mvtest_silent=null", "cache_size=77");
    }
  }
}
