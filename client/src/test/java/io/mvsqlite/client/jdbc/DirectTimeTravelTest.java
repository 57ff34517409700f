package io.mvsqlite.client.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time travel through the driver in direct mode. The engine's timekeeper records a time point every
 * 100 ms here ({@code timekeeperIntervalMillis}, set by the connection that opens the store)
 * instead of every 5 s.
 */
class DirectTimeTravelTest extends TimeTravelContract {

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
  String timekeeperOptions() {
    return "timekeeperIntervalMillis=100";
  }
}
