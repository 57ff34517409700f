package io.mvsqlite.client.transport;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.fdb.FdbKvConfig;
import io.mvsqlite.kv.fdb.FdbKvStore;
import io.mvsqlite.kv.rocksdb.RocksDbKvConfig;
import io.mvsqlite.kv.rocksdb.RocksDbKvStore;
import io.mvsqlite.store.KvErrors;
import io.mvsqlite.store.MvStore;
import io.mvsqlite.store.StoreConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engines that direct-mode connections share: one {@link MvStore} per store location per
 * process, opened by the first connection and closed when the last one lets go (reference
 * counting). Sharing is required, not an optimisation: RocksDB opens a directory only once per
 * process, and one engine per location keeps one timekeeper and one content cache.
 *
 * <p>The registry is a process-wide static on purpose: it mirrors a process-wide resource (the open
 * store). The engine uses the keyspace layout of an mvstore server with default flags ({@value
 * #METADATA_PREFIX} / {@value #RAW_DATA_PREFIX}, the server's {@code FlagDefaults}), so a directory
 * or cluster can be served by {@code mvstore} later, and vice versa. Thread-safe.
 */
public final class DirectStores {

  /** The metadata prefix of an mvstore server started without {@code --metadata-prefix}. */
  public static final String METADATA_PREFIX = "mvstore";

  /** The raw data prefix of an mvstore server started without {@code --raw-data-prefix}. */
  public static final String RAW_DATA_PREFIX = "m";

  private static final Logger LOG = LoggerFactory.getLogger(DirectStores.class);
  private static final Map<String, Shared> OPEN = new HashMap<>(); // guarded by DirectStores.class

  private DirectStores() {}

  /** One open store location: the KV store, the engine over it, and how many handles use them. */
  static final class Shared {
    final String location;
    final KvStore kv;
    final MvStore engine;
    int references; // guarded by DirectStores.class

    Shared(String location, KvStore kv, MvStore engine) {
      this.location = location;
      this.kv = kv;
      this.engine = engine;
    }
  }

  /**
   * A handle on the engine of {@code backend} (an {@link ClientConfig.EmbeddedStore} or {@link
   * ClientConfig.FdbCluster}), opening it if no handle is open. Close the handle when done.
   *
   * @throws io.mvsqlite.protocol.MvException {@code BACKEND_UNAVAILABLE} if the store cannot be
   *     opened (the message says why: directory held by another process, FoundationDB client not
   *     installed, ...)
   */
  public static DirectPageStore acquire(ClientConfig.Backend backend) {
    return acquire(backend, ClientConfig.DEFAULT_TIMEKEEPER_INTERVAL);
  }

  /**
   * As {@link #acquire(ClientConfig.Backend)}; if this call opens the engine, its timekeeper
   * records a time point every {@code timekeeperInterval}. An engine that is already open keeps its
   * interval.
   */
  public static DirectPageStore acquire(ClientConfig.Backend backend, Duration timekeeperInterval) {
    String location = location(backend);
    synchronized (DirectStores.class) {
      Shared shared = OPEN.get(location);
      if (shared == null) {
        shared = open(location, backend, timekeeperInterval);
        OPEN.put(location, shared);
      }
      shared.references++;
      return new DirectPageStore(shared);
    }
  }

  /** How many handles are open on {@code backend}'s store (0 if it is closed). */
  public static int references(ClientConfig.Backend backend) {
    synchronized (DirectStores.class) {
      Shared shared = OPEN.get(location(backend));
      return shared == null ? 0 : shared.references;
    }
  }

  static void release(Shared shared) {
    synchronized (DirectStores.class) {
      if (--shared.references > 0) {
        return;
      }
      OPEN.remove(shared.location, shared);
      try {
        shared.engine.close();
      } finally {
        shared.kv.close();
      }
      LOG.debug("closed the in-process store at {}", shared.location);
    }
  }

  private static String location(ClientConfig.Backend backend) {
    return switch (backend) {
      case ClientConfig.EmbeddedStore e -> "store:" + e.directory().toAbsolutePath().normalize();
      case ClientConfig.FdbCluster f -> "cluster:" + f.clusterFile().toAbsolutePath().normalize();
      default -> throw new IllegalArgumentException("not an in-process backend: " + backend);
    };
  }

  private static Shared open(
      String location, ClientConfig.Backend backend, Duration timekeeperInterval) {
    KvStore kv =
        KvErrors.translating(
            () ->
                switch (backend) {
                  case ClientConfig.EmbeddedStore e ->
                      (KvStore) RocksDbKvStore.open(RocksDbKvConfig.defaults(e.directory()));
                  case ClientConfig.FdbCluster f ->
                      FdbKvStore.open(FdbKvConfig.defaults().withClusterFile(f.clusterFile()));
                  default -> throw new IllegalArgumentException(backend.toString());
                });
    try {
      MvStore engine =
          MvStore.open(
              kv,
              StoreConfig.defaults(METADATA_PREFIX, RAW_DATA_PREFIX)
                  .withTimekeeperIntervalMillis(timekeeperInterval.toMillis()));
      LOG.debug("opened the in-process store at {}", location);
      return new Shared(location, kv, engine);
    } catch (RuntimeException e) {
      kv.close();
      throw e;
    }
  }
}
