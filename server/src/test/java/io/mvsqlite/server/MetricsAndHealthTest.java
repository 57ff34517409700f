package io.mvsqlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.content.PageHasher;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} counts what happened; {@code /health} tells whether the store answers. */
class MetricsAndHealthTest {

  @TempDir Path dir;

  @Test
  void healthAnswersOkWithTheBackendOnBothListeners() {
    try (TestServer s = TestServer.start(dir)) {
      for (HttpResponse<String> r : List.of(s.get(s.data("/health")), s.get(s.admin("/health")))) {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"status\":\"ok\",\"backend\":\"rocksdb:");
      }
    }
  }

  @Test
  void healthIs503WhenTheStoreIsUnreachable() {
    try (TestServer s = TestServer.start(dir)) {
      s.backend.close();
      HttpResponse<String> r = s.get(s.data("/health"));
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("x-mvsqlite-error")).hasValue("BACKEND_UNAVAILABLE");
      assertThat(r.body()).contains("unreachable");
      String metrics = s.get(s.admin("/metrics")).body();
      assertThat(counter(metrics, "mvstore_kv_errors_total", "error=\"STORE_CLOSED\""))
          .isEqualTo(1.0);
      assertThat(counter(metrics, "mvstore_errors_total", "code=\"BACKEND_UNAVAILABLE\""))
          .isEqualTo(1.0);
    }
  }

  @Test
  void metricsCountRequestsByEndpointAndStatusAndPages() {
    try (TestServer s = TestServer.start(dir)) {
      s.createNamespace("db");
      s.stat("db");
      s.stat("db");
      assertThat(s.get(s.data("/stat"), "x-namespace-key", "ghost").statusCode()).isEqualTo(404);
      assertThat(s.get(s.data("/no/such/path")).statusCode()).isEqualTo(404);
      s.postBytes(
          s.data("/batch/write"),
          Wire.writeBody(List.of(new byte[10], new byte[20])),
          "x-namespace-key",
          "db");
      Version base = s.stat("db");
      byte[] p = "page".getBytes();
      HttpResponse<byte[]> commit =
          s.postBytes(
              s.data("/batch/commit"),
              Wire.commitBody("db", base, List.of(new PageCommit(0, PageHasher.hash(p), p))));

      HttpResponse<String> r = s.get(s.admin("/metrics"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      String m = r.body();
      assertThat(
              counter(
                  m,
                  "mvstore_http_requests_seconds_count",
                  "endpoint=\"/stat\",listener=\"data\",status=\"200\""))
          .isEqualTo(3.0);
      assertThat(
              counter(
                  m,
                  "mvstore_http_requests_seconds_count",
                  "endpoint=\"/stat\",listener=\"data\",status=\"404\""))
          .isEqualTo(1.0);
      assertThat(
              counter(
                  m,
                  "mvstore_http_requests_seconds_count",
                  "endpoint=\"other\",listener=\"data\",status=\"404\""))
          .isEqualTo(1.0);
      assertThat(
              counter(
                  m,
                  "mvstore_http_requests_seconds_count",
                  "endpoint=\"/api/create_namespace\",listener=\"admin\",status=\"201\""))
          .isEqualTo(1.0);
      assertThat(counter(m, "mvstore_errors_total", "code=\"NAMESPACE_NOT_FOUND\"")).isEqualTo(1.0);
      assertThat(counter(m, "mvstore_pages_written_total", "kind=\"upload\"")).isEqualTo(2.0);
      assertThat(m).contains("jvm_memory_used_bytes").contains("process_uptime_seconds");
      String outcome = commit.statusCode() == 200 ? "committed" : "error";
      assertThat(counter(m, "mvstore_commits_total", "outcome=\"" + outcome + "\"")).isEqualTo(1.0);
    }
  }

  /** The value of one Prometheus sample; fails if it is absent. */
  private static double counter(String metrics, String name, String labels) {
    Matcher matcher =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$").matcher(metrics);
    while (matcher.find()) {
      if (sortedLabels(matcher.group(1)).equals(sortedLabels(labels))) {
        return Double.parseDouble(matcher.group(2));
      }
    }
    throw new AssertionError("no sample " + name + "{" + labels + "} in:\n" + metrics);
  }

  private static List<String> sortedLabels(String labels) {
    return java.util.Arrays.stream(labels.split(",")).map(String::trim).sorted().toList();
  }
}
