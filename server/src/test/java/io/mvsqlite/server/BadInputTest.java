package io.mvsqlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.protocol.wire.DataPlaneCodec;
import io.mvsqlite.store.content.PageHasher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Bad input of every kind gets its precise 4xx with {@code x-mvsqlite-error}, changes nothing, and
 * leaves the server up. Each test checks all three: the answer, the store (versions, pages,
 * namespaces) and a follow-up request.
 */
class BadInputTest {

  @TempDir Path dir;
  private TestServer s;
  private Version base;

  @BeforeEach
  void start() {
    s = TestServer.start(dir);
    s.createNamespace("db");
    base = s.stat("db");
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private static final String[] DB = {"x-namespace-key", "db"};

  /**
   * Asserts the precise error, that the server still answers and that namespace "db" did not
   * change.
   */
  private void expectError(String code, String body, String errorHeader) {
    assertThat(errorHeader).as("x-mvsqlite-error of %s", body).isEqualTo(code);
    assertUnchanged();
  }

  private void expect(HttpResponse<?> r, int status, String code) {
    Object b = r.body();
    String body =
        b instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(b);
    assertThat(r.statusCode()).as("answer: %s", body).isEqualTo(status);
    expectError(code, body, r.headers().firstValue("x-mvsqlite-error").orElse(null));
  }

  private void expect(TestServer.RawResponse r, int status, String code) {
    assertThat(r.status()).as("answer: %s", r.body()).isEqualTo(status);
    expectError(code, r.body(), r.header("x-mvsqlite-error"));
  }

  private void assertUnchanged() {
    s.assertStillUp();
    assertThat(s.stat("db")).as("namespace version").isEqualTo(base);
    HttpResponse<String> list = s.get(s.admin("/api/list_namespace"));
    assertThat(list.body().lines().toList())
        .as("namespaces")
        .hasSize(1)
        .allMatch(l -> l.contains("\"nskey\":\"db\""));
  }

  private HttpResponse<byte[]> post(String path, byte[] body, String... headers) {
    return s.postBytes(s.data(path), body, headers);
  }

  private static byte[] msgpack(Packing p) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      p.pack(packer);
      return packer.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @FunctionalInterface
  private interface Packing {
    void pack(MessageBufferPacker p) throws IOException;
  }

  private byte[] readFrame(int page) {
    return DataPlaneCodec.encodeReadRequest(PageRead.at(page, base), false);
  }

  // ------------------------------------------------------------------ frames

  @Test
  void truncatedFrameHeaderIs400() {
    expect(post("/batch/read", new byte[] {0, 0}, DB), 400, "MALFORMED_REQUEST");
  }

  @Test
  void truncatedFrameBodyIs400() {
    expect(
        post("/batch/read", Wire.concat(Wire.header(100), new byte[10]), DB),
        400,
        "MALFORMED_REQUEST");
  }

  @Test
  void oversizeFrameIs413AndAFrameAtTheLimitIsNot() {
    expect(
        post("/batch/read", Wire.header(Limits.MAX_FRAME_BYTES + 1), DB), 413, "FRAME_TOO_LARGE");
    byte[] atLimit = new byte[Limits.MAX_FRAME_BYTES];
    Arrays.fill(atLimit, (byte) 0xc1); // never used in MessagePack
    expect(
        post("/batch/read", Wire.concat(Wire.header(atLimit.length), atLimit), DB),
        400,
        "MALFORMED_REQUEST");
  }

  @Test
  void malformedMessagePackIs400() {
    expect(
        post("/batch/read", Wire.frames(List.of(new byte[] {(byte) 0xc1})), DB),
        400,
        "MALFORMED_REQUEST");
    byte[] wrongType =
        msgpack(
            p ->
                p.packMapHeader(2)
                    .packString("page_index")
                    .packString("zero")
                    .packString("version")
                    .packString(base.hex()));
    expect(post("/batch/read", Wire.frames(List.of(wrongType)), DB), 400, "MALFORMED_REQUEST");
    byte[] trailing = Wire.concat(readFrame(0), new byte[] {1});
    expect(post("/batch/read", Wire.frames(List.of(trailing)), DB), 400, "MALFORMED_REQUEST");
    byte[] notAStruct = msgpack(p -> p.packInt(7));
    expect(
        post("/batch/write", Wire.frames(List.of(notAStruct, new byte[0])), DB),
        400,
        "MALFORMED_REQUEST");
  }

  // ------------------------------------------------------------------ JSON

  @Test
  void malformedJsonIs400AndCreatesNothing() {
    for (String body : List.of("{", "[]", "null", "", "{\"key\":", "\"key\"")) {
      HttpResponse<String> r = s.postJson(s.admin("/api/create_namespace"), body);
      expect(r, 400, "MALFORMED_REQUEST");
    }
    expect(s.postJson(s.admin("/api/create_namespace"), "{\"other\":1}"), 400, "MALFORMED_REQUEST");
    expect(s.postJson(s.data("/nslock/acquire"), "{oops", DB), 400, "MALFORMED_REQUEST");
    expect(s.postJson(s.data("/nslock/acquire"), "{}", DB), 400, "INVALID_OWNER");
    expect(
        s.postJson(s.data("/nslock/release"), "{\"owner\":\"a\",\"mode\":\"maybe\"}", DB),
        400,
        "MALFORMED_REQUEST");
  }

  @Test
  void chunkedJsonBodiesAreAcceptedUpToTheLimit() throws Exception {
    HttpRequest chunked =
        HttpRequest.newBuilder(s.admin("/api/create_namespace"))
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () ->
                        new ByteArrayInputStream(
                            "{\"key\":\"chunky\"}".getBytes(StandardCharsets.UTF_8))))
            .build();
    HttpResponse<String> r = s.http.send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(s.stat("chunky")).isNotNull();
  }

  @Test
  void oversizeJsonBodiesAre413ChunkedOrNot() throws Exception {
    String big = "{\"key\":\"huge\",\"pad\":\"" + "x".repeat(Limits.MAX_JSON_BODY_BYTES) + "\"}";
    expect(s.postJson(s.admin("/api/create_namespace"), big), 413, "BODY_TOO_LARGE");

    byte[] bytes = big.getBytes(StandardCharsets.US_ASCII);
    String head =
        "POST /api/create_namespace HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n";
    byte[] request =
        Wire.concat(
            head.getBytes(StandardCharsets.US_ASCII),
            (Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII),
            bytes,
            "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    expect(TestServer.parse(TestServer.raw(s.server.adminPort(), request)), 413, "BODY_TOO_LARGE");
  }

  // ------------------------------------------------------------------ versions, namespaces,
  // headers

  @Test
  void badHexVersionsAre400NotRetryable500s() {
    expect(s.get(s.data("/stat?from_version=xyz"), DB), 400, "BAD_VERSION");
    byte[] badRead =
        msgpack(
            p ->
                p.packMapHeader(2)
                    .packString("page_index")
                    .packInt(0)
                    .packString("version")
                    .packString("zzzzzzzzzzzzzzzzzzzz"));
    expect(post("/batch/read", Wire.frames(List.of(badRead)), DB), 400, "BAD_VERSION");
    expect(
        s.postJson(s.data("/nslock/acquire"), "{\"owner\":\"a\",\"version\":\"12\"}", DB),
        400,
        "BAD_VERSION");
    expect(
        s.postJson(
            s.admin("/api/fork_namespace"),
            "{\"base_key\":\"db\",\"version\":\"nothex\",\"new_key\":\"f\"}"),
        400,
        "BAD_VERSION");
    byte[] badInit =
        msgpack(
            p ->
                p.packMapHeader(3)
                    .packString("version")
                    .packString("g".repeat(20))
                    .packString("ns_key")
                    .packString("db")
                    .packString("num_pages")
                    .packInt(0));
    expect(post("/batch/commit", Wire.frames(List.of(commitInit(1), badInit))), 400, "BAD_VERSION");
  }

  @Test
  void malformedQueriesAndTimesAre400() {
    expect(s.get(s.data("/time2version")), 400, "MALFORMED_REQUEST");
    expect(s.get(s.data("/time2version?t=soon")), 400, "MALFORMED_REQUEST");
    expect(s.get(s.data("/time2version?t=-5")), 400, "MALFORMED_REQUEST");
  }

  @Test
  void unknownNamespacesAre404Everywhere() {
    String[] ghost = {"x-namespace-key", "ghost"};
    expect(s.get(s.data("/stat"), ghost), 404, "NAMESPACE_NOT_FOUND");
    expect(
        post("/batch/read", Wire.frames(List.of(readFrame(0))), ghost), 404, "NAMESPACE_NOT_FOUND");
    expect(
        post("/batch/write", Wire.writeBody(List.of(new byte[16])), ghost),
        404,
        "NAMESPACE_NOT_FOUND");
    expect(
        post("/batch/commit", Wire.commitBody("db", base, List.of()), ghost),
        404,
        "NAMESPACE_NOT_FOUND");
    HttpResponse<byte[]> commit =
        post(
            "/batch/commit",
            Wire.commitBody(
                "ghost",
                base,
                List.of(new PageCommit(0, PageHasher.hash(new byte[16]), new byte[16]))));
    TestServer.assumeImplemented(commit);
    expect(commit, 404, "NAMESPACE_NOT_FOUND");
  }

  @Test
  void namespaceHeadersMustBeVisibleAscii() throws Exception {
    expect(s.get(s.data("/stat")), 400, "MISSING_NAMESPACE_KEY");
    byte[] nonAscii =
        Wire.concat(
            "GET /stat HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nx-namespace-key: caf"
                .getBytes(StandardCharsets.US_ASCII),
            new byte[] {(byte) 0xc3, (byte) 0xa9},
            "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    expect(
        TestServer.parse(TestServer.raw(s.server.dataPlanePort(), nonAscii)),
        400,
        "INVALID_NAMESPACE_KEY");
  }

  @Test
  void requestsJettyRejectsBeforeRoutingStillNameTheirError() throws Exception {
    String hugeHeader =
        "GET /stat HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nx-namespace-key: db\r\n"
            + "x-pad: "
            + "p".repeat(20_000)
            + "\r\n\r\n";
    TestServer.RawResponse tooBig =
        TestServer.parse(
            TestServer.raw(
                s.server.dataPlanePort(), hugeHeader.getBytes(StandardCharsets.US_ASCII)));
    assertThat(tooBig.status()).isEqualTo(431);
    expectError("MALFORMED_REQUEST", tooBig.body(), tooBig.header("x-mvsqlite-error"));

    TestServer.RawResponse garbage =
        TestServer.parse(
            TestServer.raw(
                s.server.dataPlanePort(),
                "NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(garbage.status()).isEqualTo(400);
    expectError("MALFORMED_REQUEST", garbage.body(), garbage.header("x-mvsqlite-error"));
  }

  // ------------------------------------------------------------------ batch limits

  @Test
  void moreThan200ReadsAre413AndExactly200Are200() {
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < Limits.MAX_PAGES_PER_READ; i++) {
      frames.add(readFrame(i));
    }
    HttpResponse<byte[]> ok = post("/batch/read", Wire.frames(frames), DB);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(Wire.parseReads(ok.body())).hasSize(Limits.MAX_PAGES_PER_READ);
    frames.add(readFrame(200));
    expect(post("/batch/read", Wire.frames(frames), DB), 413, "TOO_MANY_READS");
  }

  @Test
  void moreThan100WritesAre413AndStoreNothing() {
    List<byte[]> pages = new ArrayList<>();
    for (int i = 0; i <= Limits.MAX_PAGES_PER_WRITE; i++) {
      pages.add(("page " + i).getBytes(StandardCharsets.UTF_8));
    }
    expect(post("/batch/write", Wire.writeBody(pages), DB), 413, "TOO_MANY_WRITES");
    assertNotUploaded(pages.getFirst());
    HttpResponse<byte[]> ok = post("/batch/write", Wire.writeBody(pages.subList(0, 100)), DB);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(Wire.parseWrites(ok.body())).hasSize(101);
  }

  @Test
  void batchWriteFramingErrorsAre400AndStoreNothing() {
    byte[] p = "lonely page".getBytes(StandardCharsets.UTF_8);
    byte[] noTerminator =
        Wire.frames(
            List.of(
                DataPlaneCodec.encodeWriteRequest(new io.mvsqlite.protocol.PageWrite(p, null))));
    expect(post("/batch/write", noTerminator, DB), 400, "MALFORMED_REQUEST");
    expect(
        post("/batch/write", Wire.concat(Wire.writeBody(List.of(p)), new byte[] {0}), DB),
        400,
        "MALFORMED_REQUEST");
    expect(
        post("/batch/write", Wire.writeBody(List.of(new byte[Limits.MAX_PAGE_BYTES + 1])), DB),
        413,
        "PAGE_TOO_LARGE");
    expect(
        post(
            "/batch/write",
            Wire.writeBody(List.of(p)),
            "x-namespace-key",
            "db",
            "x-txn-lease",
            "beef"),
        400,
        "MALFORMED_REQUEST");
    assertNotUploaded(p);
  }

  /**
   * Content that was never uploaded cannot be read back by hash (410), so a rejected batch stored
   * nothing.
   */
  private void assertNotUploaded(byte[] page) {
    HttpResponse<byte[]> r =
        post(
            "/batch/read",
            Wire.readBody(List.of(new PageRead(0, base, PageHasher.hash(page))), false),
            DB);
    assertThat(r.statusCode()).as("read-your-write of a rejected upload").isEqualTo(410);
  }

  // ------------------------------------------------------------------ commit validation

  private static byte[] commitInit(long numNamespaces) {
    return msgpack(
        p ->
            p.packMapHeader(2)
                .packString("idempotency_key")
                .packBinaryHeader(16)
                .writePayload(new byte[16])
                .packString("num_namespaces")
                .packLong(numNamespaces));
  }

  private byte[] nsInit(String key, long numPages) {
    return msgpack(
        p ->
            p.packMapHeader(3)
                .packString("version")
                .packString(base.hex())
                .packString("ns_key")
                .packString(key)
                .packString("num_pages")
                .packLong(numPages));
  }

  private static byte[] pageFrame(int page, byte[] hash, byte[] data) {
    return msgpack(
        p -> {
          p.packMapHeader(data == null ? 2 : 3)
              .packString("page_index")
              .packInt(page)
              .packString("hash")
              .packBinaryHeader(hash.length)
              .writePayload(hash);
          if (data != null) {
            p.packString("data").packBinaryHeader(data.length).writePayload(data);
          }
        });
  }

  @Test
  void commitValidationAnswersThePreciseCodeInTheReferenceOrder() {
    expect(
        post("/batch/commit", Wire.frames(List.of(commitInit(0)))),
        412,
        "NUM_NAMESPACES_OUT_OF_BOUND");
    expect(
        post("/batch/commit", Wire.frames(List.of(commitInit(17)))),
        412,
        "NUM_NAMESPACES_OUT_OF_BOUND");
    byte[] shortKey =
        msgpack(
            p ->
                p.packMapHeader(2)
                    .packString("idempotency_key")
                    .packBinaryHeader(15)
                    .writePayload(new byte[15])
                    .packString("num_namespaces")
                    .packInt(1));
    expect(post("/batch/commit", Wire.frames(List.of(shortKey))), 400, "INVALID_IDEMPOTENCY_KEY");
    expect(
        post(
            "/batch/commit",
            Wire.frames(List.of(commitInit(1), nsInit("db", Limits.MAX_PAGES_PER_COMMIT + 1L)))),
        413,
        "TOO_MANY_PAGES");
    byte[] data = "p".getBytes(StandardCharsets.UTF_8);
    expect(
        post(
            "/batch/commit",
            Wire.frames(
                List.of(
                    commitInit(2),
                    nsInit("db", 1),
                    pageFrame(0, PageHasher.digest(data), data),
                    nsInit("db", Limits.MAX_PAGES_PER_COMMIT)))),
        413,
        "TOO_MANY_PAGES");
    expect(
        post(
            "/batch/commit",
            Wire.frames(List.of(commitInit(1), nsInit("db", 1), pageFrame(0, new byte[31], null)))),
        400,
        "INVALID_HASH");
  }

  @Test
  void commitFastWriteLimitsAre413() {
    List<byte[]> frames = new ArrayList<>(List.of(commitInit(1), nsInit("db", 101)));
    for (int i = 0; i <= Limits.MAX_FAST_WRITES_PER_COMMIT; i++) {
      byte[] data = ("fast " + i).getBytes(StandardCharsets.UTF_8);
      frames.add(pageFrame(i, PageHasher.digest(data), data));
    }
    expect(post("/batch/commit", Wire.frames(frames)), 413, "TOO_MANY_FAST_WRITES");
    byte[] big = new byte[Limits.MAX_PAGE_BYTES + 1];
    expect(
        post(
            "/batch/commit",
            Wire.frames(
                List.of(
                    commitInit(1), nsInit("db", 1), pageFrame(0, PageHasher.digest(big), big)))),
        413,
        "PAGE_TOO_LARGE");
  }

  @Test
  void commitBodiesThatEndEarlyOrRunOnAre400() {
    byte[] data = "x".getBytes(StandardCharsets.UTF_8);
    byte[] page = pageFrame(0, PageHasher.digest(data), data);
    expect(
        post("/batch/commit", Wire.frames(List.of(commitInit(1), nsInit("db", 2), page))),
        400,
        "MALFORMED_REQUEST");
    expect(
        post("/batch/commit", Wire.frames(List.of(commitInit(2), nsInit("db", 0)))),
        400,
        "MALFORMED_REQUEST");
    expect(
        post(
            "/batch/commit",
            Wire.concat(
                Wire.frames(List.of(commitInit(1), nsInit("db", 1), page)), new byte[] {9})),
        400,
        "MALFORMED_REQUEST");
    expect(post("/batch/commit", new byte[0]), 400, "MALFORMED_REQUEST");
  }

  // ------------------------------------------------------------------ connections cut off

  @Test
  void aBodyCutOffMidFrameIs400AndChangesNothing() throws Exception {
    byte[] frame =
        DataPlaneCodec.encodeWriteRequest(new io.mvsqlite.protocol.PageWrite(new byte[2000], null));
    byte[] partial = Arrays.copyOf(Wire.frames(List.of(frame)), 1000);
    byte[] head = TestServer.rawPost("/batch/write", new byte[0], "x-namespace-key: db");
    String headText =
        new String(head, StandardCharsets.ISO_8859_1)
            .replace("Content-Length: 0", "Content-Length: 5000");
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.server.dataPlanePort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(headText.getBytes(StandardCharsets.ISO_8859_1));
      out.write(partial);
      out.flush();
      socket.shutdownOutput(); // the client's side of the connection closes mid-frame
      String answer =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      expect(TestServer.parse(answer), 400, "MALFORMED_REQUEST");
    }
    assertNotUploaded(new byte[2000]);

    byte[] commit =
        Wire.commitBody(
            "db", base, List.of(new PageCommit(0, PageHasher.hash(new byte[16]), new byte[16])));
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.server.dataPlanePort())) {
      String h =
          "POST /batch/commit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
              + commit.length
              + "\r\n\r\n";
      socket.getOutputStream().write(h.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().write(commit, 0, commit.length - 7);
      socket.getOutputStream().flush();
    } // closed abruptly: nobody reads an answer
    assertUnchanged();
    HttpResponse<byte[]> r = post("/batch/read", Wire.frames(List.of(readFrame(0))), DB);
    assertThat(Wire.parseReads(r.body()).getFirst().data())
        .as("page 0 was never committed")
        .isEmpty();
  }

  // ------------------------------------------------------------------ history

  @Test
  void readsBelowTheTruncationWatermarkAre410() {
    HttpResponse<String> t =
        s.postJson(
            s.admin("/api/truncate_namespace"),
            "{\"key\":\"db\",\"before_version\":\"" + base.hex() + "\",\"apply\":true}");
    assertThat(t.statusCode()).isEqualTo(200);
    assertThat(t.body()).endsWith("DONE\n");
    assertThat(s.postJson(s.admin("/api/stat_namespace"), "{\"key\":\"db\"}").body())
        .contains("\"truncated_before\":\"" + base.hex() + "\"");

    Version older = Version.of(base.commitVersion() - 1, 0);
    HttpResponse<byte[]> old =
        post(
            "/batch/read",
            Wire.frames(List.of(DataPlaneCodec.encodeReadRequest(PageRead.at(0, older), false))),
            DB);
    expect(old, 410, "VERSION_TRUNCATED");
    HttpResponse<byte[]> atWatermark = post("/batch/read", Wire.frames(List.of(readFrame(0))), DB);
    assertThat(atWatermark.statusCode()).isEqualTo(200);
  }
}
