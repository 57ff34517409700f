package io.mvsqlite.kv.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvTransaction;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a committing child process with SIGKILL ({@link Process#destroyForcibly()}) while its
 * commits stream, then checks that every commit it had acknowledged is present after reopening, and
 * that commit versions continue above the acknowledged ones.
 */
class CrashDurabilityTest {

  private static final int THREADS = 4;
  private static final int ACKS_BEFORE_KILL = 1_000;

  @TempDir Path dir;

  static byte[] key(int thread, long i) {
    return CrashWriterMain.ascii("t" + thread + "/" + i);
  }

  static byte[] value(int thread, long i) {
    return CrashWriterMain.ascii("value " + thread + "/" + i);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void acknowledgedCommitsSurviveAKill9() throws Exception {
    Path db = dir.resolve("db");
    Path stderr = dir.resolve("child-stderr.txt");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                List.of(
                    javaBin,
                    "--enable-native-access=ALL-UNNAMED",
                    "-cp",
                    System.getProperty("java.class.path"),
                    CrashWriterMain.class.getName(),
                    db.toString(),
                    Integer.toString(THREADS)))
            .redirectError(stderr.toFile())
            .start();
    long[] lastAcked = new long[THREADS];
    Arrays.fill(lastAcked, -1);
    long maxVersion = 0;
    int acks = 0;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
      String line;
      while (acks < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
        String[] parts = line.split(" ");
        int thread = Integer.parseInt(parts[1]);
        long index = Long.parseLong(parts[2]);
        assertThat(index)
            .as("acknowledgements of thread %d are in order", thread)
            .isEqualTo(lastAcked[thread] + 1);
        lastAcked[thread] = index;
        maxVersion = Math.max(maxVersion, Long.parseLong(parts[3]));
        acks++;
      }
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
    assertThat(acks)
        .as("acknowledged commits before the kill; child stderr: %s", Files.readString(stderr))
        .isEqualTo(ACKS_BEFORE_KILL);

    try (RocksDbKvStore store =
        RocksDbKvStore.open(RocksDbKvConfig.defaults(db).withStrict(true))) {
      try (KvTransaction tr = store.createTransaction()) {
        for (int t = 0; t < THREADS; t++) {
          for (long i = 0; i <= lastAcked[t]; i++) {
            assertThat(tr.get(key(t, i)))
                .as("acknowledged key t%d/%d", t, i)
                .isEqualTo(value(t, i));
          }
        }
      }
      try (KvTransaction tr = store.createTransaction()) {
        tr.set(CrashWriterMain.ascii("after"), new byte[] {1});
        assertThat(tr.commit().version()).isGreaterThan(maxVersion);
      }
    }
  }
}
