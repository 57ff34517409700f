package io.mvsqlite.store;

import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.rocksdb.RocksDbKvConfig;
import io.mvsqlite.kv.rocksdb.RocksDbKvStore;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.keys.KeyCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test base: a real embedded KV store in strict mode (FoundationDB's limits enforced) in a fresh
 * temporary directory per test, and an engine over it with a manual clock, the timekeeper off and
 * no background merger (tests that need one open their own engine). Further engines over the same
 * KV store ("other servers") come from {@link #openEngine}.
 */
public abstract class StoreFixture {

  protected static final String METADATA_PREFIX = "mvstore-test";
  protected static final String RAW_PREFIX = "m";

  @TempDir protected Path dir;

  protected final ManualClock clock = ManualClock.standard();
  protected KvStore kv;
  protected MvStore store;
  protected StoreContext ctx;
  protected KeyCodec keys;
  protected PageStore pages;
  protected NamespaceAdmin admin;
  protected TestCommits commits;

  private final List<MvStore> extraEngines = new ArrayList<>();

  /** The configuration of the main engine; override to change it. */
  protected StoreConfig config() {
    return StoreConfig.defaults(METADATA_PREFIX, RAW_PREFIX);
  }

  @BeforeEach
  void openStore() {
    kv =
        RocksDbKvStore.open(
            RocksDbKvConfig.defaults(dir.resolve("kv")).withStrict(true).withSyncWrites(false));
    store =
        MvStore.builder(kv, config()).clock(clock).timekeeper(false).backgroundMerge(null).open();
    ctx = store.context();
    keys = ctx.keys();
    pages = store.pageStore();
    admin = store.admin();
    commits = new TestCommits(ctx);
  }

  @AfterEach
  void closeStore() {
    extraEngines.forEach(MvStore::close);
    if (store != null) {
      store.close();
    }
    if (kv != null) {
      kv.close();
    }
  }

  /**
   * Another engine over the same KV store, as another server process would be; closed after the
   * test.
   */
  protected MvStore openEngine(UnaryOperator<StoreConfig> tweak) {
    MvStore other =
        MvStore.builder(kv, tweak.apply(config()))
            .clock(clock)
            .timekeeper(false)
            .backgroundMerge(null)
            .open();
    extraEngines.add(other);
    return other;
  }

  /** Creates namespace {@code key} and returns its id. */
  protected Version createNamespace(String key) {
    admin.create(key, null);
    return admin.stat(key).id();
  }

  protected static NamespaceRef ref(String key) {
    return NamespaceRef.of(key);
  }
}
