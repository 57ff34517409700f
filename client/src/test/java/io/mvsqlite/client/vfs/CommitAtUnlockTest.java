package io.mvsqlite.client.vfs;

import static io.mvsqlite.client.MvTestDatabases.uniqueNamespace;
import static io.mvsqlite.protocol.SqliteCodes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.txn.HeaderFields;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference's commit point, kept as the fallback: a write transaction whose syncs carried no
 * commit stamp (page 0 written with the change counter it had, not counter + 1) commits at {@code
 * xUnlock} below RESERVED only if SQLite confirmed it with {@code COMMIT_PHASETWO}; otherwise it is
 * discarded; a conflict there is {@code SQLITE_BUSY}. Real SQLite always stamps its commits, so
 * this path is driven through the file API, call by call, as SQLite would.
 */
class CommitAtUnlockTest {

  private static final long SEED = 4711;

  @TempDir Path dir;
  private MvVfs vfs;
  private final Random random = new Random(SEED);
  private final List<MvFile> opened = new ArrayList<>();

  @BeforeEach
  void createVfs() {
    vfs =
        new MvVfs(
            "unlock-test",
            ClientConfig.defaults()
                .withUriParameters(
                    Map.of("store", dir.resolve("store").toString(), "autoCreate", "1")));
  }

  @AfterEach
  void closeFiles() throws VfsException {
    for (MvFile f : opened) {
      f.close();
    }
  }

  /**
   * A file as SQLite opens it: opened, then its header read without a lock. Closed after the test.
   */
  private MvFile open(String ns) throws VfsException {
    MvFile f =
        (MvFile)
            vfs.open(
                ns, SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, Map.of());
    opened.add(f);
    f.read(ByteBuffer.allocate(HeaderFields.HEADER_BYTES), 0);
    return f;
  }

  private static byte[] readPage(MvFile f, int page) throws VfsException {
    int size = f.connection().pageSize();
    ByteBuffer b = ByteBuffer.allocate(size);
    f.read(b, (long) page * size);
    return b.array();
  }

  /**
   * Writes page 1 and a page 0 that counts two pages but keeps the change counter it read: no
   * commit stamp.
   */
  private byte[] writeUnstamped(MvFile f) throws VfsException {
    int size = f.connection().pageSize();
    byte[] page0 = readPage(f, 0);
    ByteBuffer.wrap(page0).putInt(HeaderFields.PAGE_COUNT, 2);
    byte[] page1 = new byte[size];
    random.nextBytes(page1);
    assertThat(f.lock(SQLITE_LOCK_RESERVED)).isEqualTo(SQLITE_OK);
    assertThat(f.lock(SQLITE_LOCK_EXCLUSIVE)).isEqualTo(SQLITE_OK);
    f.write(ByteBuffer.wrap(page1), size);
    f.write(ByteBuffer.wrap(page0), 0);
    assertThat(f.fileControl(SQLITE_FCNTL_SYNC, 0)).isEqualTo(SQLITE_OK);
    f.sync(0);
    assertThat(f.connection().lastCommit())
        .as("no commit stamp: the sync commits nothing")
        .isNull();
    return page1;
  }

  @Test
  void aConfirmedTransactionWithoutAStampedSyncCommitsAtUnlock() throws Exception {
    String ns = uniqueNamespace("atunlock");
    byte[] page1;
    MvFile a = open(ns);
    assertThat(a.lock(SQLITE_LOCK_SHARED)).isEqualTo(SQLITE_OK);
    page1 = writeUnstamped(a);
    assertThat(a.fileControl(SQLITE_FCNTL_COMMIT_PHASETWO, 0)).isEqualTo(SQLITE_OK);
    assertThat(a.unlock(SQLITE_LOCK_SHARED)).isEqualTo(SQLITE_OK);
    assertThat(a.commitsAtUnlock()).isEqualTo(1);
    assertThat(a.connection().lastCommit().pages())
        .as("page 0 and page 1 (seed %d)", SEED)
        .isEqualTo(2);
    a.unlock(SQLITE_LOCK_NONE);

    MvFile b = open(ns);
    b.lock(SQLITE_LOCK_SHARED);
    assertThat(b.fileSize()).isEqualTo(2L * b.connection().pageSize());
    assertThat(readPage(b, 1)).as("seed %d", SEED).isEqualTo(page1);
    b.unlock(SQLITE_LOCK_NONE);
  }

  @Test
  void anUnconfirmedTransactionIsDiscardedAtUnlock() throws Exception {
    String ns = uniqueNamespace("discarded");
    MvFile a = open(ns);
    a.lock(SQLITE_LOCK_SHARED);
    writeUnstamped(a);
    assertThat(a.unlock(SQLITE_LOCK_NONE)).isEqualTo(SQLITE_OK);
    assertThat(a.commitsAtUnlock()).isZero();
    assertThat(a.connection().lastCommit()).isNull();

    MvFile b = open(ns);
    b.lock(SQLITE_LOCK_SHARED);
    assertThat(b.fileSize()).as("still the empty template").isEqualTo(b.connection().pageSize());
    b.unlock(SQLITE_LOCK_NONE);
  }

  @Test
  void aConflictAtUnlockIsBusyAndCommitsNothing() throws Exception {
    String ns = uniqueNamespace("unlockbusy");
    MvFile a = open(ns);
    MvFile b = open(ns);
    a.lock(SQLITE_LOCK_SHARED);
    b.lock(SQLITE_LOCK_SHARED);
    byte[] fromA = writeUnstamped(a);
    writeUnstamped(b);
    a.fileControl(SQLITE_FCNTL_COMMIT_PHASETWO, 0);
    b.fileControl(SQLITE_FCNTL_COMMIT_PHASETWO, 0);
    assertThat(a.unlock(SQLITE_LOCK_SHARED)).isEqualTo(SQLITE_OK);
    assertThat(b.unlock(SQLITE_LOCK_SHARED))
        .as("both read page 0, which a changed")
        .isEqualTo(SQLITE_BUSY);
    assertThat(b.connection().lastCommit()).isNull();
    a.unlock(SQLITE_LOCK_NONE);
    b.unlock(SQLITE_LOCK_NONE);

    b.lock(SQLITE_LOCK_SHARED);
    assertThat(readPage(b, 1)).as("a's page, not b's (seed %d)", SEED).isEqualTo(fromA);
    b.unlock(SQLITE_LOCK_NONE);
  }
}
