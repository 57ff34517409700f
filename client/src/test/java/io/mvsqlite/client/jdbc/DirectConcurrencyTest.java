package io.mvsqlite.client.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent writers through the driver in direct mode, on a fresh embedded store. */
class DirectConcurrencyTest extends ConcurrencyContract {

  @TempDir Path dir;

  @Override
  String backendOptions() {
    return Backends.direct(dir);
  }

  @Override
  String backendName() {
    return "direct mode";
  }

  @Override
  int incrementsPerThread() {
    return 25;
  }

  @Override
  int transfersPerThread() {
    return 25;
  }
}
