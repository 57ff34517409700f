package io.mvsqlite.client.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseNameTest {

  private static DatabaseName parse(String name) {
    return DatabaseName.parse(name, Map.of());
  }

  @Test
  void plainNamesAndLeadingSlashes() {
    assertThat(parse("test")).isEqualTo(new DatabaseName("test", null, null, null));
    assertThat(parse("//test")).isEqualTo(new DatabaseName("test", null, null, null));
  }

  @Test
  void pinsAfterTheFirstAt() {
    assertThat(parse("test@0000001234567890abcd").pin()).isEqualTo("0000001234567890abcd");
    assertThat(parse("test@2026-01-31T12:00:00Z@ignored").pin()).isEqualTo("2026-01-31T12:00:00Z");
    assertThat(parse("test@").pin()).isNull();
    assertThat(parse("test@x").namespaceKey()).isEqualTo("test");
  }

  @Test
  void urlFormCarriesItsOwnDataPlane() {
    DatabaseName n = parse("http://10.0.0.5:7000/test@0000001234567890abcd");
    assertThat(n.origin()).isEqualTo(URI.create("http://10.0.0.5:7000"));
    assertThat(n.namespaceKey()).isEqualTo("test");
    assertThat(n.pin()).isEqualTo("0000001234567890abcd");
  }

  @Test
  void hashproofNamesAProtectedKey() {
    DatabaseName n = parse("app:9f2ce1.5b7a:extra");
    assertThat(n.namespaceKey()).isEqualTo("app:9f2ce1");
    assertThat(n.hashproof()).isEqualTo("5b7a");
    assertThat(parse("app:nodot").namespaceKey()).isEqualTo("app:nodot");
    assertThat(parse("app:nodot").hashproof()).isNull();
  }

  @Test
  void theNameMapRewritesOnce() {
    DatabaseName n = DatabaseName.parse("a", Map.of("a", "b@0000000000000000000f", "b", "c"));
    assertThat(n.namespaceKey()).isEqualTo("b");
    assertThat(n.pin()).isEqualTo("0000000000000000000f");
  }

  @Test
  void aNameWithoutNamespaceIsRefused() {
    assertThatThrownBy(() -> parse("/@0000000000000000000f"))
        .hasMessageContaining("names no namespace");
  }
}
