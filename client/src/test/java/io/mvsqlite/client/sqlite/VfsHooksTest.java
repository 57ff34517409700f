package io.mvsqlite.client.sqlite;

import static io.mvsqlite.client.sqlite.TestDatabases.exec;
import static io.mvsqlite.client.sqlite.TestDatabases.open;
import static io.mvsqlite.client.sqlite.TestDatabases.queryString;
import static io.mvsqlite.client.sqlite.TestDatabases.unique;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_BUSY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mvsqlite.client.vfs.MemoryVfs;
import io.mvsqlite.client.vfs.VfsException;
import io.mvsqlite.client.vfs.VirtualFile;
import io.mvsqlite.client.vfs.VirtualFileSystem;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The optional VirtualFileSystem hooks reach SQLite: wall-clock time and the busy handler's sleeps.
 */
class VfsHooksTest {

  /** A MemoryVfs with a fixed clock that counts sleeps. */
  private static final class HookedVfs implements VirtualFileSystem {
    final MemoryVfs delegate = new MemoryVfs(unique("hooks"));
    final AtomicInteger sleeps = new AtomicInteger();
    final long nowMillis;

    HookedVfs(long nowMillis) {
      this.nowMillis = nowMillis;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public VirtualFile open(String nameOrNull, int flags) throws VfsException {
      return delegate.open(nameOrNull, flags);
    }

    @Override
    public boolean access(String name, int flags) {
      return delegate.access(name, flags);
    }

    @Override
    public void delete(String name, boolean syncDir) {
      delegate.delete(name, syncDir);
    }

    @Override
    public int sleepMicros(int micros) {
      sleeps.incrementAndGet();
      return VirtualFileSystem.super.sleepMicros(micros);
    }

    @Override
    public long currentTimeMillis() {
      return nowMillis;
    }
  }

  @Test
  void sqlNowComesFromTheVfsClock() throws SQLException {
    long fixed = Instant.parse("2031-02-03T04:05:06.789Z").toEpochMilli();
    HookedVfs vfs = new HookedVfs(fixed);
    TestDatabases.register(vfs);
    try (Connection connection = open(vfs.name(), unique("clock") + ".db")) {
      assertThat(queryString(connection, "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')"))
          .isEqualTo("2031-02-03 04:05:06.789");
    }
  }

  @Test
  void aWriterBlockedByAnotherWaitsThroughTheVfsSleepAndThenGetsBusy() throws SQLException {
    HookedVfs vfs = new HookedVfs(System.currentTimeMillis());
    TestDatabases.register(vfs);
    String file = unique("busy") + ".db";
    try (Connection holder = open(vfs.name(), file);
        Connection blocked = open(vfs.name(), file)) {
      exec(holder, "CREATE TABLE t(v)");
      exec(blocked, "PRAGMA busy_timeout = 100");
      holder.setAutoCommit(false);
      exec(holder, "INSERT INTO t VALUES (1)"); // holds RESERVED until commit

      SQLException busy =
          catchThrowableOfType(SQLException.class, () -> exec(blocked, "INSERT INTO t VALUES (2)"));

      assertThat(busy.getErrorCode()).isEqualTo(SQLITE_BUSY);
      assertThat(vfs.sleeps).hasPositiveValue();
      holder.commit();
      exec(blocked, "INSERT INTO t VALUES (2)");
      assertThat(queryString(blocked, "SELECT group_concat(v) FROM t")).isEqualTo("1,2");
    }
  }
}
