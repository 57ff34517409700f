package io.mvsqlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.Version;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API over real HTTP: the seed session, namespace life cycle, forks, listing, truncation,
 * status.
 */
class AdminApiTest {

  @TempDir Path dir;
  private TestServer s;

  @BeforeEach
  void start() {
    s = TestServer.start(dir);
  }

  @AfterEach
  void stop() {
    s.close();
  }

  @Test
  void seedSessionCreatesOnceThenAnswers422() {
    HttpResponse<String> first = s.postJson(s.admin("/api/create_namespace"), "{\"key\":\"test\"}");
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.body()).isEqualTo("created\n");

    HttpResponse<String> again = s.postJson(s.admin("/api/create_namespace"), "{\"key\":\"test\"}");
    assertThat(again.statusCode()).isEqualTo(422);
    assertThat(again.body()).isEqualTo("this key already exists\n");
    assertThat(again.headers().firstValue("x-mvsqlite-error")).hasValue("NAMESPACE_EXISTS");
  }

  @Test
  void createIgnoresUnknownFieldsAsTheReferenceCiSendsThem() {
    HttpResponse<String> r =
        s.postJson(s.admin("/api/create_namespace"), "{\"key\":\"stress\",\"metadata\":\"\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(s.stat("stress")).isNotNull();
  }

  @Test
  void statNamespaceShowsIdAndMetadata() {
    s.createNamespace("db1");
    HttpResponse<String> r = s.postJson(s.admin("/api/stat_namespace"), "{\"key\":\"db1\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).contains("json"));
    assertThat(r.body())
        .contains("\"nskey\":\"db1\"")
        .contains("\"lock\":null")
        .contains("\"overlay_base\":null");
    assertThat(nsid(r.body())).matches("[0-9a-f]{20}");

    HttpResponse<String> missing = s.postJson(s.admin("/api/stat_namespace"), "{\"key\":\"nope\"}");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("this key does not exist\n");
  }

  @Test
  void listStreamsNdjsonFilteredByPrefix() {
    for (String k : List.of("app/a", "app/b", "other")) {
      s.createNamespace(k);
    }
    HttpResponse<String> r = s.get(s.admin("/api/list_namespace?prefix=app/"));
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> lines = r.body().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("{\"nskey\":\"app/a\",\"nsid\":\"");
    assertThat(lines.get(1)).startsWith("{\"nskey\":\"app/b\",\"nsid\":\"");

    HttpResponse<String> all = s.get(s.admin("/api/list_namespace"));
    assertThat(all.body().lines()).hasSize(3);

    HttpResponse<String> none = s.get(s.admin("/api/list_namespace?prefix=zzz"));
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(none.body()).isEmpty();
  }

  @Test
  void renameMovesTheKeyAndKeepsTheId() {
    s.createNamespace("old");
    s.createNamespace("taken");
    String id = nsid(s.postJson(s.admin("/api/stat_namespace"), "{\"key\":\"old\"}").body());

    HttpResponse<String> clash =
        s.postJson(s.admin("/api/rename_namespace"), "{\"old_key\":\"old\",\"new_key\":\"taken\"}");
    assertThat(clash.statusCode()).isEqualTo(422);
    assertThat(clash.body()).isEqualTo("new key already exists\n");

    HttpResponse<String> r =
        s.postJson(s.admin("/api/rename_namespace"), "{\"old_key\":\"old\",\"new_key\":\"new\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("renamed\n");
    assertThat(nsid(s.postJson(s.admin("/api/stat_namespace"), "{\"key\":\"new\"}").body()))
        .isEqualTo(id);
    assertThat(s.get(s.data("/stat"), "x-namespace-key", "old").statusCode()).isEqualTo(404);

    HttpResponse<String> gone =
        s.postJson(s.admin("/api/rename_namespace"), "{\"old_key\":\"old\",\"new_key\":\"x\"}");
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).isEqualTo("old key does not exist\n");
  }

  @Test
  void deleteRemovesTheNamespace() {
    s.createNamespace("doomed");
    HttpResponse<String> r = s.postJson(s.admin("/api/delete_namespace"), "{\"key\":\"doomed\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("deleted\n");
    assertThat(s.get(s.data("/stat"), "x-namespace-key", "doomed").statusCode()).isEqualTo(404);

    HttpResponse<String> again =
        s.postJson(s.admin("/api/delete_namespace"), "{\"key\":\"doomed\"}");
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.body()).isEqualTo("this key does not exist\n");
  }

  @Test
  void forkCreatesAnOverlayAndProtectsItsBase() {
    s.createNamespace("base");
    String baseId = nsid(s.postJson(s.admin("/api/stat_namespace"), "{\"key\":\"base\"}").body());
    Version head = s.stat("base");

    HttpResponse<String> r =
        s.postJson(
            s.admin("/api/fork_namespace"),
            "{\"base_key\":\"base\",\"version\":\"" + head.hex() + "\",\"new_key\":\"child\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("created\n");
    HttpResponse<String> child = s.postJson(s.admin("/api/stat_namespace"), "{\"key\":\"child\"}");
    assertThat(child.body()).contains("\"overlay_base\":{\"ns_id\":\"" + baseId + "\"");

    HttpResponse<String> atHead =
        s.postJson(
            s.admin("/api/fork_namespace"), "{\"base_key\":\"base\",\"new_key\":\"child2\"}");
    assertThat(atHead.statusCode()).isEqualTo(201);

    HttpResponse<String> delete =
        s.postJson(s.admin("/api/delete_namespace"), "{\"key\":\"base\"}");
    assertThat(delete.statusCode()).isEqualTo(409);
    assertThat(delete.body()).isEqualTo("namespace has overlay children and cannot be deleted\n");

    HttpResponse<String> noBase =
        s.postJson(s.admin("/api/fork_namespace"), "{\"base_key\":\"missing\",\"new_key\":\"c3\"}");
    assertThat(noBase.statusCode()).isEqualTo(404);
  }

  @Test
  void truncateValidatesBeforeStreamingAndEndsWithDone() {
    s.createNamespace("hist");
    Version head = s.stat("hist");

    HttpResponse<String> unknown =
        s.postJson(
            s.admin("/api/truncate_namespace"),
            "{\"key\":\"nope\",\"before_version\":\"" + head.hex() + "\"}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("this key does not exist\n");

    HttpResponse<String> badVersion =
        s.postJson(
            s.admin("/api/truncate_namespace"), "{\"key\":\"hist\",\"before_version\":\"12zz\"}");
    assertThat(badVersion.statusCode()).isEqualTo(400);
    assertThat(badVersion.headers().firstValue("x-mvsqlite-error")).hasValue("BAD_VERSION");

    HttpResponse<String> r =
        s.postJson(
            s.admin("/api/truncate_namespace"),
            "{\"key\":\"hist\",\"before_version\":\"" + head.hex() + "\",\"apply\":false}");
    assertThat(r.statusCode()).isEqualTo(200);
    TestServer.assumeImplemented(streamedFailure(r.body()) ? 500 : 200, r.body());
    assertThat(r.body()).endsWith("DONE\n");
    assertThat(r.body().lines().filter(l -> !l.equals("DONE"))).allMatch(l -> l.matches("\\d+"));
  }

  @Test
  void contentGcOfUnknownNamespaceIs404AndOtherwiseStreamsProgress() {
    HttpResponse<String> unknown =
        s.postJson(s.admin("/api/delete_unreferenced_content"), "{\"key\":\"nope\"}");
    assertThat(unknown.statusCode()).isEqualTo(404);

    s.createNamespace("gc");
    HttpResponse<String> r =
        s.postJson(s.admin("/api/delete_unreferenced_content"), "{\"key\":\"gc\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    TestServer.assumeImplemented(streamedFailure(r.body()) ? 500 : 200, r.body());
    assertThat(r.body()).endsWith("DONE\n");
  }

  @Test
  void truncationYoungerThanTheMinimumAgeIsRefusedWith403() throws Exception {
    s.close();
    s = TestServer.start(dir, c -> c.withStore(c.store().withTruncateMinAgeSeconds(3600)));
    s.createNamespace("young");
    Version head = s.stat("young");
    HttpResponse<String> r =
        s.postJson(
            s.admin("/api/truncate_namespace"),
            "{\"key\":\"young\",\"before_version\":\"" + head.hex() + "\"}");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("x-mvsqlite-error")).hasValue("TRUNCATION_REFUSED");
    assertThat(r.body()).contains("no time2version history before the cutoff");
  }

  @Test
  void fdbStatusOnTheEmbeddedStoreIs404SayingSo() {
    HttpResponse<String> r = s.get(s.admin("/fdb/status"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("embedded RocksDB store").contains("--cluster");
  }

  @Test
  void unknownPathsAre404OnBothListeners() {
    assertThat(s.get(s.admin("/api/nothing")).statusCode()).isEqualTo(404);
    HttpResponse<String> data = s.get(s.data("/nothing"));
    assertThat(data.statusCode()).isEqualTo(404);
    assertThat(data.body()).isEqualTo("not found\n");
    // The data plane's endpoints are not on the admin listener, and the reverse.
    assertThat(s.get(s.admin("/stat"), "x-namespace-key", "x").statusCode()).isEqualTo(404);
    assertThat(s.postJson(s.data("/api/create_namespace"), "{\"key\":\"x\"}").statusCode())
        .isEqualTo(404);
  }

  /** A streamed task that started and then failed reports "ERROR ..." as its last line. */
  private static boolean streamedFailure(String body) {
    List<String> lines = body.lines().toList();
    return !lines.isEmpty() && lines.getLast().startsWith("ERROR");
  }

  static String nsid(String json) {
    Matcher m = Pattern.compile("\"nsid\":\"([0-9a-f]{20})\"").matcher(json);
    assertThat(m.find()).as("nsid in %s", json).isTrue();
    return m.group(1);
  }
}
