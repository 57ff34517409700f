package io.mvsqlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 with prior knowledge (h2c, no upgrade), which the reference client uses with
 * MVSQLITE_FORCE_HTTP2, works on the same ports as HTTP/1.1. Checked with Jetty's HTTP/2 client:
 * the JDK client cannot do prior knowledge.
 */
class Http2PriorKnowledgeTest {

  @TempDir Path dir;

  @Test
  void bothListenersSpeakH2cWithPriorKnowledge() throws Exception {
    HttpClient client = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
    client.start();
    try (TestServer s = TestServer.start(dir)) {
      ContentResponse create =
          client
              .newRequest(s.admin("/api/create_namespace"))
              .method(HttpMethod.POST)
              .body(new StringRequestContent("{\"key\":\"h2\"}"))
              .send();
      assertThat(create.getVersion()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(create.getStatus()).isEqualTo(201);
      assertThat(create.getContentAsString()).isEqualTo("created\n");

      ContentResponse stat =
          client.newRequest(s.data("/stat")).headers(h -> h.put("x-namespace-key", "h2")).send();
      assertThat(stat.getVersion()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(stat.getStatus()).isEqualTo(200);
      Version v = s.stat("h2");
      assertThat(stat.getContentAsString()).contains(v.hex());

      ContentResponse write =
          client
              .newRequest(s.data("/batch/write"))
              .method(HttpMethod.POST)
              .headers(h -> h.put("x-namespace-key", "h2"))
              .body(
                  new BytesRequestContent(
                      Wire.writeBody(List.of("over h2".getBytes(StandardCharsets.UTF_8)))))
              .send();
      assertThat(write.getStatus()).isEqualTo(200);
      assertThat(Wire.parseWrites(write.getContent())).hasSize(2);

      ContentResponse read =
          client
              .newRequest(s.data("/batch/read"))
              .method(HttpMethod.POST)
              .headers(h -> h.put("x-namespace-key", "h2"))
              .body(new BytesRequestContent(Wire.readBody(List.of(PageRead.at(0, v)), false)))
              .send();
      assertThat(read.getStatus()).isEqualTo(200);
      assertThat(Wire.parseReads(read.getContent())).hasSize(1);

      ContentResponse notFound =
          client.newRequest(s.data("/stat")).headers(h -> h.put("x-namespace-key", "nope")).send();
      assertThat(notFound.getStatus()).isEqualTo(404);
      assertThat(notFound.getHeaders().get("x-mvsqlite-error")).isEqualTo("NAMESPACE_NOT_FOUND");
    } finally {
      client.stop();
    }
  }
}
