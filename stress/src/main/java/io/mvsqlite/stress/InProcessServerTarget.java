package io.mvsqlite.stress;

import io.mvsqlite.client.transport.HttpPageStore;
import io.mvsqlite.kv.FaultInjectingKvStore;
import io.mvsqlite.kv.FaultKind;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.server.ListenAddress;
import io.mvsqlite.server.MvstoreConfig;
import io.mvsqlite.server.MvstoreServer;
import io.mvsqlite.server.StoreBackend;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An mvstore started in this process for the run: the embedded RocksDB store (strict mode, from the
 * {@code mvsqlite.strict} system property that the build and {@link StressMain} set; commits not
 * fsynced, which a stress run does not need), with the chosen engine knobs and, if asked, a {@link
 * FaultInjectingKvStore} between the engine and RocksDB; both listeners on free loopback ports. The
 * tester drives it over HTTP exactly like a remote server.
 *
 * <p>Thread-safe. {@link #close()} stops the server, closes the store and deletes a temporary store
 * directory.
 */
final class InProcessServerTarget implements StressTarget {

  private final TempDirectory dir;
  private final StoreBackend backend;
  private final MvstoreServer server;
  private final FaultInjectingKvStore faults;
  private final EngineKnobs knobs;
  private final PageStore pageStore;
  private final NamespaceAdmin admin;
  private final URI dataPlane;

  private InProcessServerTarget(
      TempDirectory dir,
      StoreBackend backend,
      MvstoreServer server,
      FaultInjectingKvStore faults,
      EngineKnobs knobs,
      Duration httpTimeout) {
    this.dir = dir;
    this.backend = backend;
    this.server = server;
    this.faults = faults;
    this.knobs = knobs;
    this.dataPlane = URI.create("http://127.0.0.1:" + server.dataPlanePort());
    this.pageStore = new HttpPageStore(List.of(dataPlane), httpTimeout, false);
    this.admin =
        new HttpNamespaceAdmin(
            URI.create("http://127.0.0.1:" + server.adminPort()), null, httpTimeout);
  }

  static InProcessServerTarget start(StressConfig.InProcessServer spec, Duration httpTimeout) {
    TempDirectory dir = TempDirectory.of(spec.storeDir(), "mvstore-stress-");
    MvstoreConfig config =
        new MvstoreConfig(
            new ListenAddress("127.0.0.1", 0),
            new ListenAddress("127.0.0.1", 0),
            null,
            new MvstoreConfig.Embedded(dir.path(), false),
            false,
            null,
            spec.knobs().storeConfig());
    AtomicReference<FaultInjectingKvStore> injector = new AtomicReference<>();
    StoreBackend backend;
    try {
      backend = StoreBackend.open(config, kv -> decorate(kv, spec.knobs(), injector));
    } catch (RuntimeException e) {
      dir.close();
      throw e;
    }
    try {
      MvstoreServer server = MvstoreServer.start(config, backend);
      return new InProcessServerTarget(
          dir, backend, server, injector.get(), spec.knobs(), httpTimeout);
    } catch (RuntimeException e) {
      backend.close();
      dir.close();
      throw e;
    }
  }

  private static KvStore decorate(
      KvStore kv, EngineKnobs knobs, AtomicReference<FaultInjectingKvStore> injector) {
    if (knobs.faults() == null) {
      return kv;
    }
    FaultInjectingKvStore f = new FaultInjectingKvStore(kv, knobs.faults());
    injector.set(f);
    return f;
  }

  @Override
  public PageStore pageStore() {
    return pageStore;
  }

  @Override
  public NamespaceAdmin admin() {
    return admin;
  }

  @Override
  public String describe() {
    return "in-process mvstore at "
        + dataPlane
        + " over "
        + backend.describe()
        + " ["
        + knobs.describe()
        + "]";
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
      server.close();
    } finally {
      try {
        backend.close();
      } finally {
        dir.close();
      }
    }
  }
}
