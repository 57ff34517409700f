package io.mvsqlite.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

class DataPlaneCodecTest {

  private static final Version V = Version.of(123456789L, 3);

  @Test
  void readRequestRoundTripsWithAndWithoutHash() {
    PageHash h = new PageHash(new byte[32]);
    var decoded =
        DataPlaneCodec.decodeReadRequest(
            DataPlaneCodec.encodeReadRequest(new PageRead(7, V, h), true));
    assertThat(decoded.read()).isEqualTo(new PageRead(7, V, h));
    assertThat(decoded.acceptZstd()).isTrue();
    var plain =
        DataPlaneCodec.decodeReadRequest(
            DataPlaneCodec.encodeReadRequest(PageRead.at(-1, V), false));
    assertThat(plain.read().pageIndex())
        .isEqualTo(-1); // u32 0xffffffff survives as the same 32 bits
    assertThat(plain.read().hash()).isNull();
  }

  @Test
  void readRequestAcceptsPositionalArraysAsTheReferenceServerDoes() throws Exception {
    MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
    p.packArrayHeader(3).packInt(5).packString(V.hex()).packNil();
    var decoded = DataPlaneCodec.decodeReadRequest(p.toByteArray());
    assertThat(decoded.read()).isEqualTo(PageRead.at(5, V));
    assertThat(decoded.acceptZstd()).isFalse();
  }

  @Test
  void malformedMessagesAreMalformedRequestErrors() throws Exception {
    assertCode(
        () -> DataPlaneCodec.decodeReadRequest(new byte[] {(byte) 0xc1}),
        ErrorCode.MALFORMED_REQUEST);
    MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
    p.packMapHeader(1).packString("page_index").packString("seven");
    assertCode(
        () -> DataPlaneCodec.decodeReadRequest(p.toByteArray()), ErrorCode.MALFORMED_REQUEST);
    MessageBufferPacker q = MessagePack.newDefaultBufferPacker();
    q.packMapHeader(2).packString("page_index").packInt(1).packString("version").packString("zz");
    assertCode(() -> DataPlaneCodec.decodeReadRequest(q.toByteArray()), ErrorCode.BAD_VERSION);
    MessageBufferPacker r = MessagePack.newDefaultBufferPacker();
    r.packMapHeader(2)
        .packString("page_index")
        .packLong(1L << 33)
        .packString("version")
        .packString(V.hex());
    assertCode(
        () -> DataPlaneCodec.decodeReadRequest(r.toByteArray()), ErrorCode.MALFORMED_REQUEST);
  }

  @Test
  void readResponseCarriesAbsentPagesAsEmptyVersion() {
    var absent =
        DataPlaneCodec.decodeReadResponse(
            DataPlaneCodec.encodeReadResponse(PageData.absent(), new byte[0], false));
    assertThat(absent.version()).isEmpty();
    assertThat(absent.toPageData(absent.data()).isAbsent()).isTrue();
    byte[] page = {1, 2, 3};
    var present =
        DataPlaneCodec.decodeReadResponse(
            DataPlaneCodec.encodeReadResponse(new PageData(V, page), page, false));
    assertThat(present.toPageData(present.data()).version()).isEqualTo(V);
    assertThat(present.data()).containsExactly(1, 2, 3);
  }

  @Test
  void writeAndCommitFramesRoundTrip() {
    PageWrite w =
        DataPlaneCodec.decodeWriteRequest(
            DataPlaneCodec.encodeWriteRequest(new PageWrite(new byte[] {9}, 4)));
    assertThat(w.data()).containsExactly(9);
    assertThat(w.deltaBase()).isEqualTo(4);
    assertThat(DataPlaneCodec.decodeWriteResponse(DataPlaneCodec.encodeWriteResponse(new byte[0])))
        .isEmpty();

    IdempotencyKey key = IdempotencyKey.random();
    LeaseId lease = LeaseId.random();
    var init = new DataPlaneCodec.CommitInit(key, true, 2, "me", lease, true);
    assertThat(DataPlaneCodec.decodeCommitInit(DataPlaneCodec.encodeCommitInit(init)))
        .isEqualTo(init);

    var ns = new DataPlaneCodec.NamespaceInit(V, "db", null, null, 3, new int[] {1, 2});
    var back = DataPlaneCodec.decodeNamespaceInit(DataPlaneCodec.encodeNamespaceInit(ns));
    assertThat(back.version()).isEqualTo(V);
    assertThat(back.readSet()).containsExactly(1, 2);
    assertThat(back.numPages()).isEqualTo(3);

    PageCommit c = new PageCommit(8, new PageHash(new byte[32]), null);
    PageCommit c2 = DataPlaneCodec.decodePageCommit(DataPlaneCodec.encodePageCommit(c));
    assertThat(c2.pageIndex()).isEqualTo(8);
    assertThat(c2.data()).isNull();

    Map<String, int[]> changelog =
        DataPlaneCodec.decodeCommitResult(
            DataPlaneCodec.encodeCommitResult(Map.of("db", new int[] {4, 5})));
    assertThat(changelog.get("db")).containsExactly(4, 5);
  }

  @Test
  void commitFramesRejectBadHashesAndKeys() throws Exception {
    MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
    p.packMapHeader(2)
        .packString("page_index")
        .packInt(1)
        .packString("hash")
        .packBinaryHeader(3)
        .writePayload(new byte[3]);
    assertCode(() -> DataPlaneCodec.decodePageCommit(p.toByteArray()), ErrorCode.INVALID_HASH);
    MessageBufferPacker q = MessagePack.newDefaultBufferPacker();
    q.packMapHeader(2)
        .packString("idempotency_key")
        .packBinaryHeader(5)
        .writePayload(new byte[5])
        .packString("num_namespaces")
        .packInt(1);
    assertCode(
        () -> DataPlaneCodec.decodeCommitInit(q.toByteArray()), ErrorCode.INVALID_IDEMPOTENCY_KEY);
  }

  @Test
  void framesDetectTruncationAndOversize() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Frames.write(out, new byte[] {1, 2, 3});
    Frames.write(out, new byte[0]);
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    assertThat(Frames.read(in, 10)).containsExactly(1, 2, 3);
    assertThat(Frames.read(in, 10)).isEmpty();
    assertThat(Frames.read(in, 10)).isNull();

    byte[] truncated = {0, 0, 0, 5, 1, 2};
    assertCode(
        () -> Frames.read(new ByteArrayInputStream(truncated), 10), ErrorCode.MALFORMED_REQUEST);
    byte[] header = {0, 0};
    assertCode(
        () -> Frames.read(new ByteArrayInputStream(header), 10), ErrorCode.MALFORMED_REQUEST);
    byte[] big = {0, 1, 0, 0};
    assertCode(
        () -> Frames.read(new ByteArrayInputStream(big), 40 * 1024), ErrorCode.FRAME_TOO_LARGE);
  }

  @Test
  void jsonBodiesIgnoreUnknownFieldsAndRejectBadVersions() {
    var req =
        Json.read(
            "{\"key\":\"stress\",\"metadata\":\"\"}".getBytes(),
            JsonBodies.CreateNamespaceRequest.class);
    assertThat(req.key()).isEqualTo("stress");
    assertThat(req.overlayBase()).isNull();
    assertCode(
        () ->
            Json.read(
                "{\"key\":\"a\",\"before_version\":\"xyz\"}".getBytes(),
                JsonBodies.TruncateRequest.class),
        ErrorCode.BAD_VERSION);
    assertCode(
        () -> Json.read("{\"key\":".getBytes(), JsonBodies.KeyRequest.class),
        ErrorCode.MALFORMED_REQUEST);
    assertCode(
        () -> Json.read(new byte[0], JsonBodies.KeyRequest.class), ErrorCode.MALFORMED_REQUEST);
    String stat = Json.writeString(new JsonBodies.StatResponse(V, "", false, null));
    assertThat(stat)
        .isEqualTo(
            "{\"version\":\""
                + V.hex()
                + "\",\"metadata\":\"\",\"read_only\":false,\"interval\":null}");
  }

  interface Call {
    void run() throws Exception;
  }

  private static void assertCode(Call c, ErrorCode code) {
    assertThatThrownBy(c::run)
        .isInstanceOf(MvException.class)
        .satisfies(e -> assertThat(((MvException) e).code()).isEqualTo(code));
  }
}
