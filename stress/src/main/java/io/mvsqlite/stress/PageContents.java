package io.mvsqlite.stress;

import io.mvsqlite.protocol.Version;
import java.util.random.RandomGenerator;

/** Page bytes for the workload, and version arithmetic. Stateless. */
final class PageContents {

  private PageContents() {}

  /** {@code size} random bytes. */
  static byte[] random(RandomGenerator random, int size) {
    byte[] data = new byte[size];
    random.nextBytes(data);
    return data;
  }

  /**
   * A copy of {@code previous} with a random range (up to an eighth of the page) overwritten by
   * random bytes: a page the server can store as a small XOR delta against the previous content.
   */
  static byte[] mutate(RandomGenerator random, byte[] previous) {
    byte[] data = previous.clone();
    int length = 1 + random.nextInt(Math.max(1, data.length / 8));
    int start = random.nextInt(data.length - length + 1);
    byte[] patch = new byte[length];
    random.nextBytes(patch);
    System.arraycopy(patch, 0, data, start, length);
    return data;
  }

  /** The version just below {@code v} (there is no version between them). */
  static Version predecessor(Version v) {
    byte[] b = v.bytes();
    int batch = (b[8] & 0xff) << 8 | (b[9] & 0xff);
    return batch > 0
        ? Version.of(v.commitVersion(), batch - 1)
        : Version.of(v.commitVersion() - 1, 0xffff);
  }
}
