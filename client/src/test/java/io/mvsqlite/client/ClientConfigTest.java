package io.mvsqlite.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientConfigTest {

  private static ClientConfig config(
      Map<String, String> properties, Map<String, String> environment) {
    return ClientConfig.from(properties::get, environment::get);
  }

  @Test
  void defaultsMatchTheReferenceAndNeedABackend() {
    ClientConfig c = config(Map.of(), Map.of());
    assertThat(c.backend()).isInstanceOf(ClientConfig.Unconfigured.class);
    assertThat(c.pageSizeBytes()).isEqualTo(8192);
    assertThat(c.pageCacheSize()).isEqualTo(5000);
    assertThat(c.writeChunkSize()).isEqualTo(10);
    assertThat(c.prefetchDepth()).as("on by default, measured in docs/client.md").isEqualTo(16);
    assertThat(c.readAheadDepth()).as("on by default, measured in docs/client.md").isEqualTo(2);
    assertThat(c.httpTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.retryDeadline()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.lockOwner()).isNull();
    assertThat(c.commitGroup()).isFalse();
  }

  @Test
  void referenceEnvironmentVariablesKeepTheirMeaning() {
    ClientConfig c =
        config(
            Map.of("mvsqlite.readAheadDepth", "0"),
            Map.of(
                "MVSQLITE_DATA_PLANE", "http://a:7000, http://b:7000/",
                "MVSQLITE_SECTOR_SIZE", "16384",
                "MVSQLITE_PAGE_CACHE_SIZE", "0",
                "MVSQLITE_WRITE_CHUNK_SIZE", "50",
                "MVSQLITE_PREFETCH_DEPTH", "8",
                "MVSQLITE_HTTP_TIMEOUT_SECS", "3",
                "MVSQLITE_DB_NAME_MAP", "app=app@0000000000000000abcd,x=y",
                "MVSQLITE_LOCK_OWNER", "me",
                "MVSQLITE_FORCE_HTTP2", "1",
                "MVSQLITE_EXPERIMENTAL_COMMIT_GROUP", "1"));
    assertThat(c.backend())
        .isEqualTo(
            new ClientConfig.DataPlane(
                List.of(URI.create("http://a:7000"), URI.create("http://b:7000"))));
    assertThat(c.pageSizeBytes()).isEqualTo(16384);
    assertThat(c.pageSizeRequired()).isFalse();
    assertThat(c.pageCacheSize()).isZero();
    assertThat(c.writeChunkSize()).isEqualTo(50);
    assertThat(c.prefetchDepth()).isEqualTo(8);
    assertThat(c.readAheadDepth()).as("0 turns read-ahead off").isZero();
    assertThat(c.httpTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.dbNameMap())
        .containsEntry("app", "app@0000000000000000abcd")
        .containsEntry("x", "y");
    assertThat(c.lockOwner()).isEqualTo("me");
    assertThat(c.forceHttp2()).isTrue();
    assertThat(c.commitGroup()).isTrue();
  }

  @Test
  void uriParametersBeatSystemPropertiesWhichBeatTheEnvironment() {
    ClientConfig process =
        config(
            Map.of("mvsqlite.store", "/from/property", "mvsqlite.pageCacheSize", "7"),
            Map.of(
                "MVSQLITE_DATA_PLANE",
                "http://env:7000",
                "MVSQLITE_PAGE_CACHE_SIZE",
                "9",
                "MVSQLITE_RETRY_DEADLINE_SECS",
                "2.5"));
    assertThat(process.backend())
        .isEqualTo(new ClientConfig.EmbeddedStore(Path.of("/from/property")));
    assertThat(process.pageCacheSize()).isEqualTo(7);
    assertThat(process.retryDeadline()).isEqualTo(Duration.ofMillis(2500));

    ClientConfig connection =
        process.withUriParameters(
            Map.of(
                "vfs",
                "mvsqlite",
                "dataPlane",
                "http://uri:1",
                "pageCacheSize",
                "3",
                "pageSize",
                "4096"));
    assertThat(connection.backend())
        .isEqualTo(new ClientConfig.DataPlane(List.of(URI.create("http://uri:1"))));
    assertThat(connection.pageCacheSize()).isEqualTo(3);
    assertThat(connection.pageSizeBytes()).isEqualTo(4096);
    assertThat(connection.pageSizeRequired()).isTrue();
    assertThat(connection.retryDeadline()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void invalidValuesAreClearConfigErrors() {
    assertConfigError(
        Map.of("MVSQLITE_SECTOR_SIZE", "1000"),
        "MVSQLITE_SECTOR_SIZE",
        "4096, 8192, 16384 or 32768");
    assertConfigError(
        Map.of("MVSQLITE_PAGE_CACHE_SIZE", "lots"), "MVSQLITE_PAGE_CACHE_SIZE", "an integer");
    assertConfigError(
        Map.of("MVSQLITE_WRITE_CHUNK_SIZE", "101"), "MVSQLITE_WRITE_CHUNK_SIZE", "1 to 100");
    assertConfigError(
        Map.of("MVSQLITE_PREFETCH_DEPTH", "200"), "MVSQLITE_PREFETCH_DEPTH", "0 to 199");
    assertConfigError(
        Map.of("MVSQLITE_READ_AHEAD_DEPTH", "9"), "MVSQLITE_READ_AHEAD_DEPTH", "0 to 8");
    assertConfigError(
        Map.of("MVSQLITE_HTTP_TIMEOUT_SECS", "0"), "MVSQLITE_HTTP_TIMEOUT_SECS", "positive");
    assertConfigError(Map.of("MVSQLITE_DATA_PLANE", "ftp://x"), "MVSQLITE_DATA_PLANE", "http");
    assertConfigError(
        Map.of("MVSQLITE_DB_NAME_MAP", "nonsense"), "MVSQLITE_DB_NAME_MAP", "from=to");
    assertConfigError(Map.of("MVSQLITE_FORCE_HTTP2", "maybe"), "MVSQLITE_FORCE_HTTP2", "1 or 0");
    assertConfigError(
        Map.of("MVSQLITE_DATA_PLANE", "http://a:1", "MVSQLITE_STORE", "/d"),
        "choose one backend",
        "dataPlane");
  }

  @Test
  void invalidUriParametersAreConfigErrorsToo() {
    ClientConfig c = ClientConfig.defaults();
    assertThatThrownBy(() -> c.withUriParameters(Map.of("pageSize", "65536")))
        .isInstanceOfSatisfying(
            MvException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLIENT_CONFIG))
        .hasMessageContaining("pageSize");
    assertThatThrownBy(() -> c.withUriParameters(Map.of("store", "/a", "cluster", "/b")))
        .hasMessageContaining("choose one backend");
  }

  private static void assertConfigError(Map<String, String> env, String... fragments) {
    assertThatThrownBy(() -> config(Map.of(), env))
        .isInstanceOfSatisfying(
            MvException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLIENT_CONFIG))
        .hasMessageContainingAll(fragments);
  }
}
