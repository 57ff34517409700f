package io.mvsqlite.bench;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.MvSqlite;
import io.mvsqlite.client.transport.Transport;
import io.mvsqlite.client.vfs.MvVfs;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mvSQLite VFS as a benchmark uses it: the real {@link MvVfs}, registered under a name of its
 * own, whose connections reach their backend through a {@link TimedPageStore} (so every stat, page
 * read, upload and commit is counted and timed), retried as usual. Close it to unregister the name.
 *
 * <p>Thread-safe.
 */
final class BenchVfs implements AutoCloseable {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final MvSqlite.Installation installation;
  private final String name;
  private final TimedPageStore.Counters counters = new TimedPageStore.Counters();

  private BenchVfs(MvSqlite.Installation installation, String name) {
    this.installation = installation;
    this.name = name;
  }

  /**
   * Installs mvSQLite into sqlite-jdbc (if not yet) and registers a timed VFS named after {@code
   * purpose}.
   */
  static BenchVfs register(String purpose) {
    MvSqlite.Installation installation = MvSqlite.install(BenchVfs.class.getClassLoader());
    BenchVfs vfs =
        new BenchVfs(installation, "mvsqlite-bench-" + purpose + "-" + SEQUENCE.incrementAndGet());
    installation
        .binding()
        .vfs()
        .register(new MvVfs(vfs.name, installation.config(), vfs::open), false);
    return vfs;
  }

  private Transport open(ClientConfig config, URI origin) {
    Transport real = Transport.open(config, origin);
    return Transport.of(
        new TimedPageStore(real.rawPageStore(), counters),
        real.admin().orElse(null),
        config,
        real.describe(),
        real);
  }

  /** The VFS name to put in {@code ?vfs=}. */
  String name() {
    return name;
  }

  /** The totals of every page-store call made by this VFS's connections so far. */
  TimedPageStore.Snapshot layers() {
    return counters.snapshot();
  }

  /** The message mvSQLite gave SQLite for the last failure on this thread, or "". */
  String lastError() {
    return installation
        .binding()
        .vfs()
        .registration(name)
        .flatMap(r -> r.lastError())
        .map(e -> e.message())
        .orElse("");
  }

  @Override
  public void close() {
    installation.binding().vfs().unregister(name);
  }
}
