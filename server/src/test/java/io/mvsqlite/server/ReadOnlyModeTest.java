package io.mvsqlite.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.protocol.wire.DataPlaneCodec.ReadResponse;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A read-only replica serves reads and refuses every write with 403, and runs no admin API. */
class ReadOnlyModeTest {

  @TempDir Path dir;

  @Test
  void aReplicaReadsButRefusesWritesCommitsLocksAndLeases() {
    Version version;
    try (TestServer writable = TestServer.start(dir)) {
      writable.createNamespace("db");
      version = writable.stat("db");
    }
    try (TestServer s = TestServer.start(dir, c -> c.withStore(c.store().withReadOnly(true)))) {
      assertThat(s.server.adminPort()).as("no admin API on a replica").isEqualTo(-1);
      String[] db = {"x-namespace-key", "db"};

      HttpResponse<String> stat = s.get(s.data("/stat"), db);
      assertThat(stat.statusCode()).isEqualTo(200);
      assertThat(stat.body()).contains("\"read_only\":true").contains(version.hex());

      HttpResponse<byte[]> read =
          s.postBytes(
              s.data("/batch/read"), Wire.readBody(List.of(PageRead.at(0, version)), false), db);
      assertThat(read.statusCode()).isEqualTo(200);
      List<ReadResponse> pages = Wire.parseReads(read.body());
      assertThat(pages).hasSize(1);

      assertReadOnly(
          s.postBytes(s.data("/batch/write"), Wire.writeBody(List.of(new byte[16])), db));
      assertReadOnly(
          s.postBytes(s.data("/batch/commit"), Wire.commitBody("db", version, List.of())));
      assertReadOnly(s.postJson(s.data("/nslock/acquire"), "{\"owner\":\"a\"}", db));
      assertReadOnly(
          s.postJson(s.data("/nslock/release"), "{\"owner\":\"a\",\"mode\":\"commit\"}", db));
      assertReadOnly(
          s.postJson(
              s.data("/lease/renew"), "", "x-namespace-key", "db", "x-txn-lease", "0".repeat(32)));
      assertThat(s.stat("db")).isEqualTo(version);
    }
  }

  @Test
  void aReplicaWithOnlyAnAdminAddressHasNothingToServe() {
    MvstoreConfig c = TestServer.config(dir);
    assertThatThrownBy(
            () -> c.withStore(c.store().withReadOnly(true)).withListeners(null, c.adminApi()))
        .isInstanceOf(MvException.class)
        .hasMessageContaining("nothing to serve");
  }

  private static void assertReadOnly(HttpResponse<?> r) {
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("x-mvsqlite-error")).hasValue("READ_ONLY");
  }
}
