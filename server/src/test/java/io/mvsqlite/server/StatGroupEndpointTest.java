package io.mvsqlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.Version;
import io.mvsqlite.protocol.wire.Json;
import io.mvsqlite.protocol.wire.JsonBodies;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /stat_group} (mvSQLite extension): {@code /stat} of several namespaces at one
 * snapshot.
 */
class StatGroupEndpointTest {

  @TempDir Path dir;
  private TestServer s;

  @BeforeEach
  void start() {
    s = TestServer.start(dir);
    s.createNamespace("a");
    s.createNamespace("b");
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private HttpResponse<String> statGroup(String json) {
    return s.postJson(s.data("/stat_group"), json, "content-type", "application/json");
  }

  @Test
  void answersEachNamespaceInRequestOrderAsStatWould() {
    Version a = s.stat("a");
    Version b = s.stat("b");
    HttpResponse<String> r =
        statGroup(
            "{\"namespaces\":[{\"key\":\"b\",\"from_version\":\""
                + b.hex()
                + "\"},{\"key\":\"a\",\"hashproof\":null,\"lock_owner\":null}]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonBodies.StatGroupResponse answer =
        Json.read(r.body().getBytes(StandardCharsets.UTF_8), JsonBodies.StatGroupResponse.class);
    assertThat(answer.stats()).hasSize(2);
    assertThat(answer.stats().get(0).version()).isEqualTo(b);
    assertThat(answer.stats().get(0).interval()).as("nothing changed since").isEmpty();
    assertThat(answer.stats().get(1).version()).isEqualTo(a);
    assertThat(answer.stats().get(1).interval()).isNull();
    assertThat(s.stat("a")).as("/stat is unchanged").isEqualTo(a);
  }

  @Test
  void badRequestsGetTypedErrorsAndTheServerStaysUp() {
    assertThat(statGroup("{}").statusCode()).isEqualTo(400);
    assertThat(statGroup("not json").statusCode()).isEqualTo(400);
    assertThat(statGroup("{\"namespaces\":[]}").statusCode()).isEqualTo(412);
    HttpResponse<String> twice = statGroup("{\"namespaces\":[{\"key\":\"a\"},{\"key\":\"a\"}]}");
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(twice.headers().firstValue("x-mvsqlite-error")).contains("NAMESPACE_NOT_DISTINCT");
    HttpResponse<String> missing =
        statGroup("{\"namespaces\":[{\"key\":\"a\"},{\"key\":\"nope\"}]}");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("x-mvsqlite-error")).contains("NAMESPACE_NOT_FOUND");
    assertThat(statGroup("{\"namespaces\":[{\"hashproof\":\"x\"}]}").statusCode()).isEqualTo(400);
    s.assertStillUp();
  }
}
