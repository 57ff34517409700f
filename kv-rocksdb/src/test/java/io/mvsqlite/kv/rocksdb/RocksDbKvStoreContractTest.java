package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvStoreContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** The KV contract on the embedded store: a fresh directory per test, strict mode on. */
class RocksDbKvStoreContractTest extends KvStoreContract {

  @TempDir Path dir;

  @Override
  protected KvStore openStore() {
    return RocksDbKvStore.open(RocksDbKvConfig.defaults(dir.resolve("db")).withStrict(true));
  }

  @Override
  protected KvStore reopenStore(KvStore old) {
    RocksDbKvConfig config = ((RocksDbKvStore) old).config();
    old.close();
    return RocksDbKvStore.open(config);
  }

  @Override
  protected boolean enforcesLimits() {
    return true;
  }

  @Override
  protected KvStore withMvccWindow(Duration window) {
    return RocksDbKvStore.open(
        RocksDbKvConfig.defaults(dir.resolve("short-window"))
            .withStrict(true)
            .withMvccWindowMillis(window.toMillis()));
  }
}
