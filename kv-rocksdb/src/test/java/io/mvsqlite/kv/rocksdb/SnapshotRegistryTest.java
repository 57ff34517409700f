package io.mvsqlite.kv.rocksdb;

import static io.mvsqlite.kv.KvTestData.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class SnapshotRegistryTest {

  private static final long WINDOW = 1_000;

  @TempDir Path dir;
  private Options options;
  private RocksDB db;
  private SnapshotRegistry registry;

  @BeforeEach
  void open() throws Exception {
    RocksDB.loadLibrary();
    options = new Options().setCreateIfMissing(true);
    db = RocksDB.open(options, dir.toString());
    registry = new SnapshotRegistry(db);
    db.put(bytes("k"), bytes("at 10"));
    registry.publish(10, db.getSnapshot());
    db.put(bytes("k"), bytes("at 20"));
    registry.publish(20, db.getSnapshot());
  }

  @AfterEach
  void close() {
    registry.closeAll();
    assertThat(registry.liveSnapshots()).isZero();
    db.close();
    options.close();
  }

  @Test
  void readVersionReadsThroughTheNewestSnapshotAtOrBelowIt() throws Exception {
    assertThat(valueAt(10)).isEqualTo("at 10");
    assertThat(valueAt(19)).isEqualTo("at 10");
    assertThat(valueAt(20)).isEqualTo("at 20");
    assertThat(valueAt(1_000_000)).isEqualTo("at 20");
    assertThat(registry.acquire(9)).isNull();
  }

  @Test
  void snapshotIsReleasedOnceSupersededForLongerThanTheWindow() {
    registry.expire(20 + WINDOW, WINDOW);
    assertThat(registry.retainedEntries()).isEqualTo(2);
    registry.expire(20 + WINDOW + 1, WINDOW);
    assertThat(registry.retainedEntries()).isEqualTo(1);
    assertThat(registry.liveSnapshots()).isEqualTo(1);
    assertThat(registry.acquire(15)).isNull();
    assertThat(registry.isRetained(15)).isFalse();
    assertThat(registry.isRetained(20)).isTrue();
  }

  @Test
  void newestSnapshotIsNeverExpired() {
    registry.expire(Long.MAX_VALUE / 2, WINDOW);
    assertThat(registry.retainedEntries()).isEqualTo(1);
    assertThat(registry.acquire(25)).isNotNull().satisfies(SnapshotRegistry.Entry::release);
  }

  @Test
  void snapshotInUseIsFreedOnlyWhenItsLastReaderReleasesIt() throws Exception {
    SnapshotRegistry.Entry held = registry.acquire(15);
    registry.expire(20 + WINDOW + 1, WINDOW);
    assertThat(registry.acquire(15)).as("no new reader gets it").isNull();
    assertThat(registry.liveSnapshots()).as("still alive for the reader holding it").isEqualTo(2);
    assertThat(new String(db.get(held.readOptions(), bytes("k")))).isEqualTo("at 10");
    held.release();
    assertThat(registry.liveSnapshots()).isEqualTo(1);
  }

  @Test
  void closeAllLeavesHeldSnapshotsToTheirReaders() {
    SnapshotRegistry.Entry held = registry.acquire(25);
    registry.closeAll();
    assertThat(registry.liveSnapshots()).isEqualTo(1);
    assertThat(registry.acquire(25)).isNull();
    held.release();
    assertThat(registry.liveSnapshots()).isZero();
  }

  private String valueAt(long readVersion) throws Exception {
    SnapshotRegistry.Entry e = registry.acquire(readVersion);
    try {
      return new String(db.get(e.readOptions(), bytes("k")));
    } finally {
      e.release();
    }
  }
}
