package io.mvsqlite.stress;

import io.mvsqlite.kv.FaultInjectingKvStore;
import io.mvsqlite.kv.FaultKind;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.rocksdb.RocksDbKvConfig;
import io.mvsqlite.kv.rocksdb.RocksDbKvStore;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.store.KvErrors;
import io.mvsqlite.store.MvStore;
import java.util.Map;

/**
 * "Direct mode": the engine in this process, called without HTTP, on the embedded RocksDB store in
 * strict mode (FoundationDB's limits enforced), with the chosen knobs and optional KV fault
 * injection. The same engine a direct-mode client ({@code DirectPageStore}) uses, opened here with
 * the run's knobs instead of the defaults.
 *
 * <p>Thread-safe. {@link #close()} closes the engine, the store, and deletes a temporary store
 * directory.
 */
final class DirectTarget implements StressTarget {

  private final TempDirectory dir;
  private final KvStore kv;
  private final FaultInjectingKvStore faults;
  private final MvStore engine;
  private final EngineKnobs knobs;

  private DirectTarget(
      TempDirectory dir,
      KvStore kv,
      FaultInjectingKvStore faults,
      MvStore engine,
      EngineKnobs knobs) {
    this.dir = dir;
    this.kv = kv;
    this.faults = faults;
    this.engine = engine;
    this.knobs = knobs;
  }

  static DirectTarget open(StressConfig.Direct spec) {
    TempDirectory dir = TempDirectory.of(spec.storeDir(), "mvstore-stress-direct-");
    KvStore kv;
    try {
      kv =
          KvErrors.translating(
              () ->
                  (KvStore)
                      RocksDbKvStore.open(
                          RocksDbKvConfig.defaults(dir.path())
                              .withStrict(true)
                              .withSyncWrites(false)));
    } catch (RuntimeException e) {
      dir.close();
      throw e;
    }
    FaultInjectingKvStore faults = null;
    if (spec.knobs().faults() != null) {
      faults = new FaultInjectingKvStore(kv, spec.knobs().faults());
      kv = faults;
    }
    try {
      MvStore engine = MvStore.open(kv, spec.knobs().storeConfig());
      return new DirectTarget(dir, kv, faults, engine, spec.knobs());
    } catch (RuntimeException e) {
      kv.close();
      dir.close();
      throw e;
    }
  }

  @Override
  public PageStore pageStore() {
    return engine.pageStore();
  }

  @Override
  public NamespaceAdmin admin() {
    return engine.admin();
  }

  @Override
  public String describe() {
    return "engine in direct mode over " + kv.describe() + " [" + knobs.describe() + "]";
  }

  @Override
  public Map<FaultKind, Long> faultsInjected() {
    return faults == null ? Map.of() : faults.injectedCounts();
  }

  @Override
  public int stagedThreshold() {
    return knobs.commitStagedThreshold();
  }

  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      try {
        kv.close();
      } finally {
        dir.close();
      }
    }
  }
}
