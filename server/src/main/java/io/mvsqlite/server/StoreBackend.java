package io.mvsqlite.server;

import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.SystemKeys;
import io.mvsqlite.kv.TransactionOption;
import io.mvsqlite.kv.fdb.FdbKvConfig;
import io.mvsqlite.kv.fdb.FdbKvStore;
import io.mvsqlite.kv.rocksdb.RocksDbKvConfig;
import io.mvsqlite.kv.rocksdb.RocksDbKvStore;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.server.http.BackendOps;
import io.mvsqlite.store.KvErrors;
import io.mvsqlite.store.MvStore;
import io.mvsqlite.store.gc.TruncationPolicy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * The store an mvstore process serves: the key-value backend chosen by the configuration (RocksDB
 * in a directory, or a FoundationDB cluster) and the engine over it. It owns both and closes them
 * in order: the engine first, then the key-value store.
 *
 * <p>Thread-safe.
 */
public final class StoreBackend implements BackendOps, AutoCloseable {

  /**
   * FoundationDB's status document, a special key readable with READ_SYSTEM_KEYS (reference §2.5).
   */
  private static final byte[] FDB_STATUS_KEY =
      "\u00ff\u00ff/status/json".getBytes(StandardCharsets.ISO_8859_1);

  private final KvStore kv;
  private final MvStore engine;
  private final boolean foundationDb;
  private final TruncationPolicy truncationPolicy;
  private final AtomicBoolean closed = new AtomicBoolean();

  private StoreBackend(KvStore kv, MvStore engine, boolean foundationDb) {
    this.kv = kv;
    this.engine = engine;
    this.foundationDb = foundationDb;
    this.truncationPolicy = new TruncationPolicy(engine.context());
  }

  /**
   * Opens the key-value store and the engine of {@code config}.
   *
   * @throws MvException {@link ErrorCode#BACKEND_UNAVAILABLE} when the store cannot be opened; the
   *     message says why (for FoundationDB without its client library: what to install)
   */
  public static StoreBackend open(MvstoreConfig config) {
    return open(config, UnaryOperator.identity());
  }

  /**
   * Opens the key-value store of {@code config}, wraps it with {@code decorator} (the stress tester
   * injects faults with a {@code FaultInjectingKvStore} this way), and opens the engine over the
   * result. The backend owns what the decorator returns: closing the backend closes it.
   *
   * @throws MvException {@link ErrorCode#BACKEND_UNAVAILABLE} when the store cannot be opened
   */
  public static StoreBackend open(MvstoreConfig config, UnaryOperator<KvStore> decorator) {
    KvStore raw;
    try {
      raw = openKv(config.backend());
    } catch (KvException e) {
      // The KV message is the useful part here (e.g. which FoundationDB client package to install).
      throw new MvException(ErrorCode.BACKEND_UNAVAILABLE, e.getMessage(), e);
    }
    KvStore kv = raw;
    try {
      kv = decorator.apply(raw);
      return new StoreBackend(kv, MvStore.open(kv, config.store()), raw instanceof FdbKvStore);
    } catch (RuntimeException e) {
      kv.close();
      throw e;
    }
  }

  private static KvStore openKv(MvstoreConfig.Backend backend) {
    return switch (backend) {
      case MvstoreConfig.Embedded e ->
          RocksDbKvStore.open(
              RocksDbKvConfig.defaults(e.directory()).withSyncWrites(e.syncWrites()));
      case MvstoreConfig.FoundationDb f ->
          FdbKvStore.open(FdbKvConfig.defaults().withClusterFile(f.clusterFile()));
    };
  }

  public PageStore pageStore() {
    return engine.pageStore();
  }

  public NamespaceAdmin admin() {
    return engine.admin();
  }

  /**
   * Checks a truncation below {@code before} against the engine's minimum-age policy ({@code
   * --truncate-min-age-seconds}).
   *
   * @throws MvException {@link ErrorCode#TRUNCATION_REFUSED} saying which limit applies
   */
  public void checkTruncation(Version before) {
    KvErrors.translating(() -> truncationPolicy.check(before));
  }

  public boolean isFoundationDb() {
    return foundationDb;
  }

  @Override
  public String describe() {
    return kv.describe();
  }

  @Override
  public void probe() {
    KvErrors.translating(
        () -> {
          try (KvTransaction tr = kv.createTransaction()) {
            tr.getReadVersion();
            tr.get(SystemKeys.metadataVersionKey());
          }
        });
  }

  @Override
  public byte[] fdbStatus() {
    if (!foundationDb) {
      throw new MvException(
          ErrorCode.NOT_FOUND,
          "this mvstore runs on the embedded RocksDB store ("
              + kv.describe()
              + "), not on FoundationDB: there is no cluster status. Start it with --cluster to use FoundationDB");
    }
    return KvErrors.translating(
        () -> {
          try (KvTransaction tr = kv.createTransaction()) {
            tr.setOption(TransactionOption.READ_SYSTEM_KEYS);
            return tr.get(FDB_STATUS_KEY);
          }
        });
  }

  /** Closes the engine, then the key-value store. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        engine.close();
      } finally {
        kv.close();
      }
    }
  }
}
