package io.mvsqlite.cli;

import io.mvsqlite.client.transport.HttpPageStore;
import io.mvsqlite.protocol.Time2VersionResult;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.server.ListenAddress;
import io.mvsqlite.server.MvstoreConfig;
import io.mvsqlite.server.MvstoreServer;
import io.mvsqlite.server.StoreBackend;
import io.mvsqlite.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * A real mvstore for the tests: the engine on the embedded store in a temporary directory, the data plane and the
 * admin API (with a token) on free loopback ports, a time point recorded every 200 ms. Closing stops the server, then
 * the store.
 */
public final class TestServer implements AutoCloseable {

  public static final String TOKEN = "test-admin-token";

  private final StoreBackend backend;
  private final MvstoreServer server;

  private TestServer(MvstoreConfig config) {
    this.backend = StoreBackend.open(config);
    try {
      this.server = MvstoreServer.start(config, backend);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  /** A server over {@code dir}, its engine configured by {@code tweak}. */
  public static TestServer start(Path dir, UnaryOperator<StoreConfig> tweak) {
    StoreConfig store = tweak.apply(StoreConfig.defaults("mvstore", "m").withTimekeeperIntervalMillis(200));
    ListenAddress loopback = new ListenAddress("127.0.0.1", 0);
    return new TestServer(new MvstoreConfig(
        loopback, loopback, TOKEN, new MvstoreConfig.Embedded(dir, false), false, null, store));
  }

  public static TestServer start(Path dir) {
    return start(dir, UnaryOperator.identity());
  }

  public String dataPlane() {
    return "http://127.0.0.1:" + server.dataPlanePort();
  }

  public String adminApi() {
    return "http://127.0.0.1:" + server.adminPort();
  }

  /**
   * Waits (bounded, 20 s) until the timekeeper has recorded a point at or after {@code version}, and returns a whole
   * second (not later than now) before which it was recorded: a pin to that instant reads {@code version}'s state as
   * long as nothing was committed between {@code version} and now.
   */
  public Instant awaitTimePointAfter(String version) {
    HttpPageStore times = new HttpPageStore(List.of(URI.create(dataPlane())), Duration.ofSeconds(5), false);
    Version target = Version.parse(version);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      Instant instant = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      Time2VersionResult r = times.time2version(instant.getEpochSecond());
      if (r.after() != null && !r.after().version().isBefore(target)) {
        return instant;
      }
      // Polling a clock-driven recorder: there is no event to wait on.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    throw new AssertionError("the timekeeper recorded no point after " + version + " within 20 s");
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      backend.close();
    }
  }
}
