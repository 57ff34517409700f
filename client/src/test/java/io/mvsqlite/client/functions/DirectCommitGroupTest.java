package io.mvsqlite.client.functions;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link CommitGroupContract} in direct mode: the engine in-process on an embedded store. */
class DirectCommitGroupTest extends CommitGroupContract {

  @TempDir static Path dir;

  @Override
  String backendOptions() {
    return "store=" + dir.resolve("store") + "&autoCreate=1";
  }
}
