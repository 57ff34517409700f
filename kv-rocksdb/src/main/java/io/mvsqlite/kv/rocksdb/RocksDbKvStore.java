package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.CommitResult;
import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvFutures;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The embedded {@link KvStore}: FoundationDB's transaction semantics over a RocksDB directory.
 *
 * <p>Commit versions are microseconds, strictly increasing, also across restarts (the last one is
 * stored with the data). Each commit batch publishes a RocksDB snapshot; a transaction reads
 * through the snapshot of its read version, merged with its own writes. Conflicts are checked
 * optimistically by one committer thread against the write ranges of the transactions committed
 * after the read version, and a batch of transactions is made durable with one (by default synced)
 * RocksDB write. Strict mode enforces FoundationDB's size limits. {@code docs/kv-embedded.md}
 * explains the design and how it differs from FoundationDB.
 *
 * <p>Thread-safe: any number of threads may run any number of transactions. {@link #close()} fails
 * the transactions still open with {@link KvError#STORE_CLOSED}, lets queued commits finish, waits
 * for reads in progress, and then frees the native resources. One store per directory: opening a
 * directory a live store holds fails with {@link KvError#BACKEND_FAILURE}.
 */
public final class RocksDbKvStore implements KvStore {

  private static final byte[] META_COLUMN_FAMILY =
      "mvsqlite-meta".getBytes(StandardCharsets.US_ASCII);

  private final RocksDbKvConfig config;
  private final long windowMicros;
  private final LRUCache blockCache;
  private final BloomFilter bloomFilter;
  private final ColumnFamilyOptions columnFamilyOptions;
  private final DBOptions dbOptions;
  private final RocksDB db;
  private final ColumnFamilyHandle dataCf;
  private final ColumnFamilyHandle metaCf;
  private final VersionClock clock;
  private final SnapshotRegistry registry;
  private final GroupCommitter committer;
  private final ActivityGate gate = new ActivityGate();
  private final Object closeLock = new Object();
  private boolean closedFully;

  private RocksDbKvStore(
      RocksDbKvConfig config,
      LRUCache blockCache,
      BloomFilter bloomFilter,
      ColumnFamilyOptions columnFamilyOptions,
      DBOptions dbOptions,
      RocksDB db,
      ColumnFamilyHandle dataCf,
      ColumnFamilyHandle metaCf,
      long lastCommitted) {
    this.config = config;
    this.windowMicros = config.mvccWindowMicros();
    this.blockCache = blockCache;
    this.bloomFilter = bloomFilter;
    this.columnFamilyOptions = columnFamilyOptions;
    this.dbOptions = dbOptions;
    this.db = db;
    this.dataCf = dataCf;
    this.metaCf = metaCf;
    this.clock = VersionClock.system(lastCommitted);
    this.registry = new SnapshotRegistry(db);
    this.registry.publish(lastCommitted, db.getSnapshot());
    this.committer = new GroupCommitter(db, dataCf, metaCf, clock, registry, config);
  }

  /**
   * Opens (creating if needed) the store in {@code config.directory()}.
   *
   * @throws KvException {@link KvError#BACKEND_FAILURE} if the directory cannot be opened (held by
   *     another store, unreadable, corrupt) or the native library is missing
   */
  public static RocksDbKvStore open(RocksDbKvConfig config) {
    try {
      RocksDB.loadLibrary();
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      throw RocksDbErrors.nativeLibraryMissing(e);
    }
    try {
      Files.createDirectories(config.directory());
    } catch (IOException e) {
      throw RocksDbErrors.openFailed(config.directory(), e);
    }
    LRUCache cache = new LRUCache(Math.max(config.blockCacheBytes(), 1L << 20));
    BloomFilter bloom = new BloomFilter(10);
    ColumnFamilyOptions cfOptions =
        new ColumnFamilyOptions()
            .setTableFormatConfig(
                new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom));
    DBOptions dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setMaxBackgroundJobs(2);
    List<ColumnFamilyDescriptor> descriptors =
        List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
            new ColumnFamilyDescriptor(META_COLUMN_FAMILY, cfOptions));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db = null;
    try {
      db = RocksDB.open(dbOptions, config.directory().toString(), descriptors, handles);
      byte[] last = db.get(handles.get(1), GroupCommitter.LAST_VERSION_KEY);
      long lastCommitted = last == null ? 0 : ByteBuffer.wrap(last).getLong();
      RocksDbKvStore store =
          new RocksDbKvStore(
              config,
              cache,
              bloom,
              cfOptions,
              dbOptions,
              db,
              handles.get(0),
              handles.get(1),
              lastCommitted);
      store.committer.start();
      return store;
    } catch (RocksDBException | RuntimeException e) {
      handles.forEach(ColumnFamilyHandle::close);
      if (db != null) {
        db.close();
      }
      dbOptions.close();
      cfOptions.close();
      bloom.close();
      cache.close();
      throw e instanceof KvException kv ? kv : RocksDbErrors.openFailed(config.directory(), e);
    }
  }

  @Override
  public KvTransaction createTransaction() {
    checkOpen();
    return new RocksDbTransaction(this);
  }

  @Override
  public String describe() {
    List<String> modes = new ArrayList<>();
    if (config.strict()) {
      modes.add("strict");
    }
    if (!config.syncWrites()) {
      modes.add("unsynced");
    }
    return "rocksdb:"
        + config.directory()
        + (modes.isEmpty() ? "" : " (" + String.join(", ", modes) + ")");
  }

  public RocksDbKvConfig config() {
    return config;
  }

  @Override
  public void close() {
    synchronized (closeLock) {
      if (closedFully) {
        return;
      }
      gate.close();
      committer.shutdown();
      gate.awaitIdle();
      registry.closeAll();
      metaCf.close();
      dataCf.close();
      db.close();
      dbOptions.close();
      columnFamilyOptions.close();
      bloomFilter.close();
      blockCache.close();
      closedFully = true;
    }
  }

  // ---- Services for RocksDbTransaction ----

  boolean strict() {
    return config.strict();
  }

  void checkOpen() {
    if (gate.isClosed()) {
      throw new KvException(KvError.STORE_CLOSED);
    }
  }

  long grv() {
    checkOpen();
    return clock.readVersion();
  }

  /** FoundationDB's checks of a version given to setReadVersion. */
  void validateReadVersion(long version) {
    checkOpen();
    if (version < 0) {
      throw new KvException(KvError.INVALID_ARGUMENT, "negative read version: " + version);
    }
    long newest = clock.newestKnown();
    if (version > newest) {
      throw new KvException(KvError.FUTURE_VERSION, "readVersion=" + version + " newest=" + newest);
    }
    checkWithinWindow(version);
    if (!registry.isRetained(version)) {
      throw new KvException(
          KvError.TRANSACTION_TOO_OLD, "readVersion=" + version + " snapshot released");
    }
  }

  void checkWithinWindow(long readVersion) {
    long now = clock.nowMicros();
    if (now - readVersion > windowMicros) {
      throw new KvException(
          KvError.TRANSACTION_TOO_OLD, "readVersion=" + readVersion + " nowMicros=" + now);
    }
  }

  /** The stored value of {@code key} at {@code readVersion}. */
  byte[] readPoint(long readVersion, byte[] key) {
    gate.enter();
    try {
      SnapshotRegistry.Entry snapshot = acquire(readVersion);
      try {
        return db.get(dataCf, snapshot.readOptions(), key);
      } finally {
        snapshot.release();
      }
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "get");
    } finally {
      gate.exit();
    }
  }

  /** A range read at {@code readVersion} merged with {@code writes}. */
  RangeMerger.Result readRange(
      long readVersion, WriteMap writes, byte[] begin, byte[] end, int limit, boolean reverse) {
    gate.enter();
    try {
      SnapshotRegistry.Entry snapshot = acquire(readVersion);
      try {
        return RangeMerger.read(
            db, dataCf, snapshot.snapshot(), writes, begin, end, limit, reverse);
      } finally {
        snapshot.release();
      }
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "getRange");
    } finally {
      gate.exit();
    }
  }

  /** Submits a prepared transaction to the group committer and waits for its outcome. */
  CommitResult commit(CommitRequest request) {
    checkOpen();
    committer.submit(request);
    try {
      return request.outcome().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KvException(
          KvError.COMMIT_UNKNOWN_RESULT, "interrupted while waiting for the commit", e);
    } catch (ExecutionException e) {
      throw KvFutures.unwrap(e);
    }
  }

  private SnapshotRegistry.Entry acquire(long readVersion) {
    SnapshotRegistry.Entry snapshot = registry.acquire(readVersion);
    if (snapshot == null) {
      throw new KvException(
          KvError.TRANSACTION_TOO_OLD, "readVersion=" + readVersion + " snapshot released");
    }
    return snapshot;
  }

  // ---- For tests of this package ----

  SnapshotRegistry registry() {
    return registry;
  }

  VersionClock clock() {
    return clock;
  }
}
