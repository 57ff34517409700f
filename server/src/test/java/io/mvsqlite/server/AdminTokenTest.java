package io.mvsqlite.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API is loopback-only unless a token protects it; with a token every admin request needs
 * it.
 */
class AdminTokenTest {

  @TempDir Path dir;

  private static final ListenAddress ALL_INTERFACES = new ListenAddress("0.0.0.0", 0);

  @Test
  void aNonLoopbackAdminApiWithoutATokenRefusesToStart() {
    MvstoreConfig loopback = TestServer.config(dir);
    assertThatThrownBy(() -> loopback.withListeners(loopback.dataPlane(), ALL_INTERFACES))
        .isInstanceOf(MvException.class)
        .hasMessageContaining("refusing to expose the admin API on non-loopback address 0.0.0.0:0")
        .hasMessageContaining("--admin-token")
        .satisfies(e -> assertThat(((MvException) e).code()).isEqualTo(ErrorCode.CLIENT_CONFIG));
  }

  @Test
  void everyAdminRequestNeedsTheBearerToken() {
    try (TestServer s =
        TestServer.start(
            dir,
            c -> c.withAdminToken("s3cret-token").withListeners(c.dataPlane(), ALL_INTERFACES))) {
      HttpResponse<String> none = s.postJson(s.admin("/api/create_namespace"), "{\"key\":\"a\"}");
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("x-mvsqlite-error")).hasValue("UNAUTHORIZED");
      assertThat(none.headers().firstValue("www-authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(none.body()).contains("Authorization: Bearer");

      // The same connection is reused: a token differing only in case must neither pass nor poison
      // the next request.
      HttpResponse<String> wrong =
          s.postJson(
              s.admin("/api/create_namespace"),
              "{\"key\":\"a\"}",
              "Authorization",
              "Bearer s3cret-tokeN");
      assertThat(wrong.statusCode()).isEqualTo(401);
      HttpResponse<String> basic =
          s.postJson(
              s.admin("/api/create_namespace"),
              "{\"key\":\"a\"}",
              "Authorization",
              "Basic czNjcmV0LXRva2Vu");
      assertThat(basic.statusCode()).isEqualTo(401);
      assertThat(s.get(s.data("/stat"), "x-namespace-key", "a").statusCode())
          .as("nothing was created")
          .isEqualTo(404);

      assertThat(s.get(s.admin("/metrics")).statusCode()).isEqualTo(401);
      assertThat(s.get(s.admin("/no/such/path")).statusCode())
          .as("no path probing without the token")
          .isEqualTo(401);

      HttpResponse<String> right =
          s.postJson(
              s.admin("/api/create_namespace"),
              "{\"key\":\"a\"}",
              "Authorization",
              "Bearer s3cret-token");
      assertThat(right.statusCode())
          .as("right after a token that differs only in case")
          .isEqualTo(201);
      assertThat(s.get(s.admin("/health"), "Authorization", "bearer s3cret-token").statusCode())
          .isEqualTo(200);
      assertThat(s.get(s.admin("/health"), "Authorization", "Bearer S3CRET-TOKEN").statusCode())
          .as("a token differing only in case, right after the token on the same connection")
          .isEqualTo(401);

      assertThat(s.get(s.data("/stat"), "x-namespace-key", "a").statusCode())
          .as("the data plane needs no token")
          .isEqualTo(200);
    }
  }

  @Test
  void aTokenIsAlsoEnforcedOnALoopbackAdminApi() {
    try (TestServer s = TestServer.start(dir, c -> c.withAdminToken("t"))) {
      assertThat(s.get(s.admin("/api/list_namespace")).statusCode()).isEqualTo(401);
      assertThat(s.get(s.admin("/api/list_namespace"), "Authorization", "Bearer t").statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void anEmptyTokenIsRejected() {
    MvstoreConfig c = TestServer.config(dir);
    assertThatThrownBy(() -> c.withAdminToken(" "))
        .isInstanceOf(MvException.class)
        .hasMessageContaining("empty");
  }
}
