package io.mvsqlite.server;

import io.mvsqlite.protocol.MvException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an mvstore process: open the store, start the listeners, stop gracefully on SIGTERM /
 * Ctrl-C (a shutdown hook closes the server, then the store, so an acknowledged commit is on disk
 * before the process ends), and report how it ended as an exit code.
 */
final class MvstoreProcess {

  private static final Logger LOG = LoggerFactory.getLogger(MvstoreProcess.class);

  private MvstoreProcess() {}

  /**
   * Runs mvstore with {@code config} until it is stopped.
   *
   * @return 0 after a requested stop; 1 if the store could not be opened, a listener could not
   *     bind, or a listener died
   */
  static int run(MvstoreConfig config, PrintWriter err) {
    warnUnsupported(config);
    StoreBackend backend;
    try {
      backend = StoreBackend.open(config);
    } catch (MvException e) {
      return fail(err, "cannot open the store: " + e.getMessage());
    }
    MvstoreServer server;
    try {
      server = MvstoreServer.start(config, backend);
    } catch (MvException e) {
      backend.close();
      return fail(err, e.getMessage());
    }
    Thread hook =
        new Thread(
            () -> {
              server.close();
              backend.close();
            },
            "mvstore-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean requested;
    try {
      requested = server.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      requested = true;
    }
    server.close();
    backend.close();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down (the hook ran): nothing to remove.
    }
    if (!requested) {
      return fail(err, "a listener stopped unexpectedly; mvstore shut down");
    }
    return 0;
  }

  private static void warnUnsupported(MvstoreConfig config) {
    if (config.backend() instanceof MvstoreConfig.FoundationDb fdb && fdb.buggify()) {
      LOG.warn(
          "--fdb-buggify is accepted for compatibility but this FoundationDB backend does not enable it");
    }
  }

  private static int fail(PrintWriter err, String message) {
    LOG.error(message);
    err.println("mvstore: " + message);
    err.flush();
    return 1;
  }
}
