package io.mvsqlite.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A store directory: the one the user named (kept), or a temporary one (deleted by {@link
 * #close()}).
 */
final class TempDirectory implements AutoCloseable {

  private final Path path;
  private final boolean temporary;

  private TempDirectory(Path path, boolean temporary) {
    this.path = path;
    this.temporary = temporary;
  }

  /** {@code given} if non-null, else a new temporary directory named after {@code purpose}. */
  static TempDirectory of(Path given, String purpose) {
    if (given != null) {
      return new TempDirectory(given, false);
    }
    try {
      return new TempDirectory(Files.createTempDirectory(purpose), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary store directory", e);
    }
  }

  Path path() {
    return path;
  }

  /** Deletes a temporary directory with everything in it; keeps a given one. Never throws. */
  @Override
  public void close() {
    if (!temporary) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Best effort: a leftover temporary directory is harmless.
    }
  }
}
