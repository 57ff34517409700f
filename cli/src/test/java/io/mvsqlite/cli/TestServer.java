package io.mvsqlite.cli;

import io.mvsqlite.client.transport.HttpPageStore;
import io.mvsqlite.protocol.Time2VersionResult;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.server.LocalMvstore;
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
 * A real mvstore for the tests: the engine on the embedded store in a temporary directory, the data
 * plane and the admin API (with a token) on free loopback ports, a time point recorded every 200
 * ms. Closing stops the server, then the store.
 */
public final class TestServer implements AutoCloseable {

  public static final String TOKEN = "test-admin-token";

  private final LocalMvstore server;

  private TestServer(LocalMvstore server) {
    this.server = server;
  }

  /** A server over {@code dir}, its engine configured by {@code tweak}. */
  public static TestServer start(Path dir, UnaryOperator<StoreConfig> tweak) {
    StoreConfig store =
        tweak.apply(StoreConfig.defaults("mvstore", "m").withTimekeeperIntervalMillis(200));
    return new TestServer(
        LocalMvstore.start(LocalMvstore.loopbackConfig(dir, store).withAdminToken(TOKEN)));
  }

  public static TestServer start(Path dir) {
    return start(dir, UnaryOperator.identity());
  }

  public String dataPlane() {
    return server.dataPlaneUrl().toString();
  }

  public String adminApi() {
    return server.adminUrl().toString();
  }

  /**
   * Waits (bounded, 20 s) until the timekeeper has recorded a point at or after {@code version},
   * and returns a whole second (not later than now) before which it was recorded: a pin to that
   * instant reads {@code version}'s state as long as nothing was committed between {@code version}
   * and now.
   */
  public Instant awaitTimePointAfter(String version) {
    HttpPageStore times =
        new HttpPageStore(List.of(URI.create(dataPlane())), Duration.ofSeconds(5), false);
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
    server.close();
  }
}
