package io.mvsqlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.protocol.wire.DataPlaneCodec;
import io.mvsqlite.protocol.wire.DataPlaneCodec.ReadResponse;
import io.mvsqlite.store.content.PageHasher;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data plane over real HTTP against the real engine: stat, uploads, reads, commits, time
 * travel, locks.
 */
class DataPlaneTest {

  @TempDir Path dir;
  private TestServer s;

  @BeforeEach
  void start() {
    s = TestServer.start(dir);
    s.createNamespace("db");
  }

  @AfterEach
  void stop() {
    s.close();
  }

  static byte[] page(int seed) {
    byte[] b = new byte[4096];
    new Random(seed).nextBytes(b);
    return b;
  }

  private String[] ns(String key) {
    return new String[] {"x-namespace-key", key};
  }

  private List<byte[]> upload(String key, List<byte[]> pages, String... extraHeaders) {
    String[] headers = new String[2 + extraHeaders.length];
    headers[0] = "x-namespace-key";
    headers[1] = key;
    System.arraycopy(extraHeaders, 0, headers, 2, extraHeaders.length);
    HttpResponse<byte[]> r = s.postBytes(s.data("/batch/write"), Wire.writeBody(pages), headers);
    assertThat(r.statusCode()).as("batch write: %s", new String(r.body())).isEqualTo(200);
    return Wire.parseWrites(r.body());
  }

  private List<ReadResponse> read(String key, List<PageRead> reads, boolean acceptZstd) {
    HttpResponse<byte[]> r =
        s.postBytes(s.data("/batch/read"), Wire.readBody(reads, acceptZstd), ns(key));
    assertThat(r.statusCode()).as("batch read: %s", new String(r.body())).isEqualTo(200);
    return Wire.parseReads(r.body());
  }

  private HttpResponse<byte[]> commit(byte[] body) {
    HttpResponse<byte[]> r = s.postBytes(s.data("/batch/commit"), body);
    TestServer.assumeImplemented(r);
    return r;
  }

  @Test
  void statAnswersTheNamespaceVersion() {
    HttpResponse<String> r = s.get(s.data("/stat"), ns("db"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.body())
        .matches(
            "\\{\"version\":\"[0-9a-f]{20}\",\"metadata\":\"\",\"read_only\":false,\"interval\":.*}");
    String id =
        AdminApiTest.nsid(s.postJson(s.admin("/api/stat_namespace"), "{\"key\":\"db\"}").body());
    assertThat(s.stat("db").hex()).as("a fresh namespace's version is its id").isEqualTo(id);
  }

  @Test
  void namespaceKeysAreCaseSensitiveAlsoOnOneConnection() {
    assertThat(s.get(s.data("/stat"), ns("db")).statusCode()).isEqualTo(200);
    assertThat(s.get(s.data("/stat"), ns("DB")).statusCode()).isEqualTo(404);
    assertThat(s.get(s.data("/stat"), ns("db")).statusCode()).isEqualTo(200);
  }

  @Test
  void batchWriteAnswersEachPagesBlake3HashThenTheCompletionFrame() {
    byte[] a = page(1);
    byte[] b = page(2);
    List<byte[]> hashes = upload("db", List.of(a, b, a));
    assertThat(hashes).hasSize(4);
    assertThat(hashes.get(0)).isEqualTo(PageHasher.digest(a));
    assertThat(hashes.get(1)).isEqualTo(PageHasher.digest(b));
    assertThat(hashes.get(2)).isEqualTo(PageHasher.digest(a));
    assertThat(hashes.get(3)).as("completion frame").isEmpty();
  }

  @Test
  void uploadedPagesAreReadableByHashAndUnwrittenPagesAreAbsent() {
    byte[] a = page(3);
    upload("db", List.of(a));
    Version v = s.stat("db");
    List<ReadResponse> r =
        read("db", List.of(new PageRead(5, v, PageHasher.hash(a)), PageRead.at(7, v)), false);
    assertThat(r).hasSize(2);
    assertThat(r.get(0).data()).isEqualTo(a);
    assertThat(r.get(0).zstd()).isFalse();
    assertThat(r.get(1).data()).isEmpty();
    assertThat(r.get(1).version()).isEmpty();
  }

  @Test
  void writeCommitReadRoundTripWithTimeTravel() {
    Version base = s.stat("db");
    byte[] p0 = page(10);
    byte[] p1 = page(11);
    byte[] p2 = page(12);
    upload("db", List.of(p0, p1));
    byte[] body =
        Wire.commitBody(
            "db",
            base,
            List.of(
                Wire.ref(0, PageHasher.hash(p0)),
                Wire.ref(1, PageHasher.hash(p1)),
                new PageCommit(2, PageHasher.hash(p2), p2)));
    HttpResponse<byte[]> r = commit(body);
    assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
    String committed = r.headers().firstValue("x-committed-version").orElseThrow();
    assertThat(committed).matches("[0-9a-f]{20}");
    assertThat(r.headers().firstValue("x-last-version")).hasValue("ffffffffffffffffffff");
    Map<String, int[]> changelog = DataPlaneCodec.decodeCommitResult(r.body());
    assertThat(changelog.getOrDefault("db", new int[0]))
        .as("no other commit changed anything")
        .isEmpty();

    Version head = s.stat("db");
    assertThat(head.hex()).isEqualTo(committed);
    List<ReadResponse> now =
        read(
            "db", List.of(PageRead.at(0, head), PageRead.at(1, head), PageRead.at(2, head)), false);
    assertThat(now.get(0).data()).isEqualTo(p0);
    assertThat(now.get(1).data()).isEqualTo(p1);
    assertThat(now.get(2).data()).isEqualTo(p2);
    assertThat(now).allMatch(x -> x.version().equals(committed));

    List<ReadResponse> before = read("db", List.of(PageRead.at(0, base)), false);
    assertThat(before.get(0).data()).as("time travel to the base version").isEmpty();
  }

  @Test
  void aCommitOfTwoThousandUploadedPagesStreamsThroughAndReadsBack() {
    int pages = 2000; // above the multi-phase threshold (1000): the two-phase path
    List<PageCommit> refs = new ArrayList<>();
    for (int batch = 0; batch < pages / 100; batch++) {
      List<byte[]> data = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        data.add(("page " + (batch * 100 + i)).getBytes(StandardCharsets.UTF_8));
      }
      upload("db", data);
      for (int i = 0; i < 100; i++) {
        refs.add(Wire.ref(batch * 100 + i, PageHasher.hash(data.get(i))));
      }
    }
    HttpResponse<byte[]> r = commit(Wire.commitBody("db", s.stat("db"), refs));
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    Version head = s.stat("db");
    List<ReadResponse> sample =
        read(
            "db",
            List.of(PageRead.at(0, head), PageRead.at(1234, head), PageRead.at(1999, head)),
            false);
    assertThat(sample.get(0).data()).isEqualTo("page 0".getBytes(StandardCharsets.UTF_8));
    assertThat(sample.get(1).data()).isEqualTo("page 1234".getBytes(StandardCharsets.UTF_8));
    assertThat(sample.get(2).data()).isEqualTo("page 1999".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void commitFromAStaleBaseConflictsWith409AndChangesNothing() {
    Version base = s.stat("db");
    byte[] p = page(20);
    HttpResponse<byte[]> first =
        commit(Wire.commitBody("db", base, List.of(new PageCommit(0, PageHasher.hash(p), p))));
    assertThat(first.statusCode()).isEqualTo(200);
    Version head = s.stat("db");

    byte[] q = page(21);
    HttpResponse<byte[]> second =
        commit(Wire.commitBody("db", base, List.of(new PageCommit(0, PageHasher.hash(q), q))));
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.body()).isEmpty();
    assertThat(second.headers().firstValue("x-mvsqlite-error")).hasValue("CONFLICT");
    assertThat(s.stat("db")).isEqualTo(head);
    assertThat(read("db", List.of(PageRead.at(0, head)), false).get(0).data()).isEqualTo(p);
  }

  @Test
  void commitReferencingContentNeverUploadedIs410() {
    Version base = s.stat("db");
    PageHash never = PageHasher.hash(page(30));
    HttpResponse<byte[]> r = commit(Wire.commitBody("db", base, List.of(Wire.ref(0, never))));
    assertThat(r.statusCode()).isEqualTo(410);
    assertThat(new String(r.body())).isEqualTo("bad page reference");
    assertThat(r.headers().firstValue("x-mvsqlite-error")).hasValue("BAD_PAGE_REFERENCE");
    assertThat(s.stat("db")).isEqualTo(base);
  }

  @Test
  void commitGroupCommitsTwoNamespacesAtOneVersion() {
    s.createNamespace("db2");
    Version b1 = s.stat("db");
    Version b2 = s.stat("db2");
    byte[] p = page(40);
    byte[] q = page(41);
    byte[] body =
        Wire.commitBody(
            IdempotencyKey.random(),
            List.of(
                new Wire.NsPart("db", b1, null, List.of(new PageCommit(0, PageHasher.hash(p), p))),
                new Wire.NsPart(
                    "db2", b2, null, List.of(new PageCommit(0, PageHasher.hash(q), q)))));
    HttpResponse<byte[]> r = commit(body);
    assertThat(r.statusCode()).isEqualTo(200);
    String v = r.headers().firstValue("x-committed-version").orElseThrow();
    assertThat(s.stat("db").hex()).isEqualTo(v);
    assertThat(s.stat("db2").hex()).isEqualTo(v);
  }

  @Test
  void time2versionAnswersBothNeighbours() {
    long now = System.currentTimeMillis() / 1000;
    HttpResponse<String> r = s.get(s.data("/time2version?t=" + now));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"after\":").contains("\"not_after\":");
  }

  @Test
  void namespaceLockIsExclusiveUntilReleased() {
    HttpResponse<String> a =
        s.postJson(s.data("/nslock/acquire"), "{\"owner\":\"alice\"}", ns("db"));
    TestServer.assumeImplemented(a);
    assertThat(a.statusCode()).isEqualTo(201);
    assertThat(
            s.postJson(s.data("/nslock/acquire"), "{\"owner\":\"alice\"}", ns("db")).statusCode())
        .as("the owner may acquire again")
        .isEqualTo(201);

    HttpResponse<String> b = s.postJson(s.data("/nslock/acquire"), "{\"owner\":\"bob\"}", ns("db"));
    assertThat(b.statusCode()).isEqualTo(409);
    assertThat(b.headers().firstValue("x-lock-owner")).hasValue("alice");

    HttpResponse<String> notOwner =
        s.postJson(s.data("/nslock/release"), "{\"owner\":\"bob\",\"mode\":\"commit\"}", ns("db"));
    assertThat(notOwner.statusCode()).isEqualTo(422);

    HttpResponse<String> release =
        s.postJson(
            s.data("/nslock/release"), "{\"owner\":\"alice\",\"mode\":\"commit\"}", ns("db"));
    assertThat(release.statusCode()).isEqualTo(201);
    assertThat(s.postJson(s.data("/nslock/acquire"), "{\"owner\":\"bob\"}", ns("db")).statusCode())
        .isEqualTo(201);
  }

  @Test
  void uploadsUnderALeaseAndLeaseRenewal() {
    LeaseId lease = LeaseId.random();
    List<byte[]> hashes = upload("db", List.of(page(50)), "x-txn-lease", lease.hex());
    assertThat(hashes).hasSize(2);
    HttpResponse<String> renew =
        s.postJson(s.data("/lease/renew"), "", "x-namespace-key", "db", "x-txn-lease", lease.hex());
    assertThat(renew.statusCode()).as(renew.body()).isEqualTo(200);

    HttpResponse<String> noLease = s.postJson(s.data("/lease/renew"), "", ns("db"));
    assertThat(noLease.statusCode()).isEqualTo(400);
    assertThat(noLease.body()).contains("x-txn-lease");
  }

  @Test
  void wireZstdCompressesPagesForClientsThatAcceptIt() throws Exception {
    s.close();
    s = TestServer.start(dir, c -> c.withStore(c.store().withWireZstd(true)));
    byte[] a = new byte[8192]; // compressible
    a[100] = 1;
    upload("db", List.of(a));
    Version v = s.stat("db");
    ReadResponse zipped = read("db", List.of(new PageRead(0, v, PageHasher.hash(a))), true).get(0);
    assertThat(zipped.zstd()).isTrue();
    assertThat(zipped.data().length).isLessThan(a.length);
    assertThat(Zstd.decompress(zipped.data(), a.length)).isEqualTo(a);

    ReadResponse plain = read("db", List.of(new PageRead(0, v, PageHasher.hash(a))), false).get(0);
    assertThat(plain.zstd()).isFalse();
    assertThat(plain.data()).isEqualTo(a);
  }
}
