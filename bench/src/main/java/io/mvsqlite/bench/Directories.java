package io.mvsqlite.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The working directories of benchmark runs: a given one, or a temporary one that is deleted
 * afterwards.
 */
final class Directories {

  private Directories() {}

  /**
   * {@code dir} itself (created if missing) or, when it is {@code null}, a new temporary directory.
   */
  static Path createOrTemporary(Path dir, String prefix) {
    try {
      return dir == null ? Files.createTempDirectory(prefix) : Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} and everything in it; nothing if it does not exist. */
  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes of the files under {@code dir}. */
  static long sizeBytes(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0; // a file deleted while walking (compaction) no longer counts
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
