package io.mvsqlite.kv.rocksdb;

import static io.mvsqlite.kv.KvTestData.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConflictHistoryTest {

  private static final long SEED = 42_4242L;

  private static byte[] letter(int i) {
    return new byte[] {(byte) ('a' + i)};
  }

  @Test
  void writeIsSeenOnlyByOlderReadVersions() {
    ConflictHistory history = new ConflictHistory();
    history.recordWrite(bytes("k"), bytes("k\u0000"), 100);
    assertThat(history.writtenAfter(bytes("k"), bytes("k\u0000"), 99)).isTrue();
    assertThat(history.writtenAfter(bytes("k"), bytes("k\u0000"), 100)).isFalse();
    assertThat(history.writtenAfter(bytes("a"), bytes("z"), 50)).isTrue();
    assertThat(history.writtenAfter(bytes("a"), bytes("k"), 50)).isFalse();
    assertThat(history.writtenAfter(bytes("k\u0000"), bytes("z"), 50)).isFalse();
  }

  @Test
  void laterWritesOverwriteEarlierSteps() {
    ConflictHistory history = new ConflictHistory();
    history.recordWrite(bytes("a"), bytes("z"), 10);
    history.recordWrite(bytes("m"), bytes("n"), 20);
    assertThat(history.writtenAfter(bytes("a"), bytes("m"), 15)).isFalse();
    assertThat(history.writtenAfter(bytes("a"), bytes("m"), 5)).isTrue();
    assertThat(history.writtenAfter(bytes("m"), bytes("m5"), 15)).isTrue();
    assertThat(history.writtenAfter(bytes("n"), bytes("z"), 15)).isFalse();
  }

  @Test
  void pruningForgetsOnlyVersionsBelowTheThreshold() {
    ConflictHistory history = new ConflictHistory();
    for (int i = 0; i < 10; i++) {
      history.recordWrite(letter(2 * i), letter(2 * i + 1), 10 + i);
    }
    int before = history.size();
    history.prune(15);
    assertThat(history.size()).isLessThan(before);
    for (int i = 0; i < 10; i++) {
      boolean kept = 10 + i >= 15;
      assertThat(history.writtenAfter(letter(2 * i), letter(2 * i + 1), 0))
          .as("step %d", i)
          .isEqualTo(kept);
    }
  }

  @Test
  void versionsMustNotDecrease() {
    ConflictHistory history = new ConflictHistory();
    history.recordWrite(bytes("a"), bytes("b"), 10);
    assertThatThrownBy(() -> history.recordWrite(bytes("c"), bytes("d"), 9))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomWritesMatchABruteForceModel() {
    Random random = new Random(SEED);
    int universe = 16;
    for (int round = 0; round < 100; round++) {
      ConflictHistory history = new ConflictHistory();
      long[] model = new long[universe];
      long version = 0;
      for (int step = 0; step < 40; step++) {
        int lo = random.nextInt(universe);
        int hi = lo + random.nextInt(universe - lo + 1);
        version += 1 + random.nextInt(3);
        history.recordWrite(letter(lo), letter(hi), version);
        for (int i = lo; i < hi; i++) {
          model[i] = version;
        }
        if (random.nextInt(10) == 0) {
          long threshold = version - random.nextInt(10);
          history.prune(threshold);
          for (int i = 0; i < universe; i++) {
            if (model[i] < threshold) {
              model[i] = 0;
            }
          }
        }
        int a = random.nextInt(universe);
        int b = a + random.nextInt(universe - a + 1);
        long readVersion = version - random.nextInt(8);
        boolean expected = false;
        for (int i = a; i < b; i++) {
          expected |= model[i] > readVersion;
        }
        assertThat(history.writtenAfter(letter(a), letter(b), readVersion))
            .as(
                "seed %d round %d step %d query [%d,%d) after %d",
                SEED, round, step, a, b, readVersion)
            .isEqualTo(expected);
      }
      assertThat(history.size()).isLessThanOrEqualTo(2 * universe + 1);
    }
  }
}
