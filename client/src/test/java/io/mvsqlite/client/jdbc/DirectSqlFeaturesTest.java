package io.mvsqlite.client.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** SQLite's features through the driver in direct mode, on a fresh embedded store. */
class DirectSqlFeaturesTest extends SqlFeaturesContract {

  @TempDir Path dir;

  @Override
  String backendOptions() {
    return Backends.direct(dir);
  }

  @Override
  String backendName() {
    return "direct mode";
  }
}
