package io.mvsqlite.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The entry point of an mvstore in a child JVM ({@link ChildMvstore}): starts a {@link
 * LoopbackMvstore} over the directory given as the first argument (synced writes unless the second
 * argument is {@code false}), prints {@value #READY_PREFIX}{@code PORT} on standard output, and
 * runs until its standard input ends (the parent closed it, or died), then stops the server and
 * closes the store.
 */
public final class MvstoreChild {

  static final String READY_PREFIX = "mvstore-child listening on port ";

  private MvstoreChild() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: MvstoreChild STORE_DIR [SYNC_WRITES]");
      System.exit(2);
    }
    boolean sync = args.length < 2 || Boolean.parseBoolean(args[1]);
    try (LoopbackMvstore mvstore = LoopbackMvstore.start(Path.of(args[0]), sync)) {
      System.out.println(READY_PREFIX + mvstore.url().getPort());
      System.out.flush();
      InputStream in = System.in;
      byte[] buffer = new byte[256];
      while (in.read(buffer) >= 0) {
        // Nothing is expected on standard input; its end is the signal to stop.
      }
    }
    System.exit(0);
  }
}
