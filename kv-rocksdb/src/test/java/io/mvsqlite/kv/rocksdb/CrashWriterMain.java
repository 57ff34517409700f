package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.CommitResult;
import io.mvsqlite.kv.KvTransaction;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link CrashDurabilityTest}: {@code threads} threads each commit keys {@code
 * t<thread>/<i>}, one transaction per key, printing {@code ACK <thread> <i> <version>} once each
 * commit is acknowledged, until the process is killed. Several threads keep group-commit batches of
 * more than one transaction in flight.
 */
public final class CrashWriterMain {

  private CrashWriterMain() {}

  public static void main(String[] args) {
    Path directory = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    RocksDbKvStore store =
        RocksDbKvStore.open(RocksDbKvConfig.defaults(directory).withStrict(true));
    PrintStream out = System.out;
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread.ofPlatform()
          .start(
              () -> {
                for (long i = 0; ; i++) {
                  CommitResult result;
                  try (KvTransaction tr = store.createTransaction()) {
                    tr.set(
                        CrashDurabilityTest.key(thread, i), CrashDurabilityTest.value(thread, i));
                    result = tr.commit();
                  }
                  synchronized (out) {
                    out.println("ACK " + thread + " " + i + " " + result.version());
                    out.flush();
                  }
                }
              });
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
