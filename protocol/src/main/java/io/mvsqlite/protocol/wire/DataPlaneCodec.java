package io.mvsqlite.protocol.wire;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;

/**
 * MessagePack encodings of the data-plane frames ({@code /batch/read}, {@code /batch/write}, {@code
 * /batch/commit}), with the reference's field names: structs are maps keyed by field name, byte
 * fields are {@code bin}, versions are {@code str}, absent options are {@code nil}. Decoders also
 * accept positional arrays, as the reference does.
 */
public final class DataPlaneCodec {

  private DataPlaneCodec() {}

  // ---------------------------------------------------------------- /batch/read

  /** A read request frame: the page to read and whether a zstd-compressed answer is acceptable. */
  public record ReadRequest(PageRead read, boolean acceptZstd) {}

  private static final List<String> READ_REQUEST =
      List.of("page_index", "version", "hash", "accept_zstd");

  public static byte[] encodeReadRequest(PageRead r, boolean acceptZstd) {
    return pack(
        p -> {
          p.packMapHeader(4);
          p.packString("page_index").packLong(Integer.toUnsignedLong(r.pageIndex()));
          p.packString("version").packString(r.version().hex());
          p.packString("hash");
          packOptBytes(p, r.hash() == null ? null : r.hash().bytes());
          p.packString("accept_zstd").packBoolean(acceptZstd);
        });
  }

  public static ReadRequest decodeReadRequest(byte[] frame) {
    MsgStruct s = MsgStruct.decode(frame, "ReadRequest", READ_REQUEST);
    byte[] hash = s.optBytes("hash");
    PageRead read =
        new PageRead(
            s.requiredU32("page_index"),
            Version.parse(s.requiredString("version")),
            hash == null ? null : new PageHash(hash));
    return new ReadRequest(read, s.optBool("accept_zstd", false));
  }

  /** A read response frame. {@code zstd} says {@code data} is a zstd frame of the page. */
  public record ReadResponse(String version, byte[] data, boolean zstd) {

    /**
     * The page, decompressed by the caller if needed; an empty version string means the page is
     * absent.
     */
    public PageData toPageData(byte[] rawData) {
      return rawData.length == 0
          ? PageData.absent()
          : new PageData(version.isEmpty() ? null : Version.parse(version), rawData);
    }
  }

  private static final List<String> READ_RESPONSE = List.of("version", "data", "zstd");

  public static byte[] encodeReadResponse(PageData page, byte[] wireData, boolean zstd) {
    return pack(
        p -> {
          p.packMapHeader(3);
          p.packString("version").packString(page.version() == null ? "" : page.version().hex());
          p.packString("data").packBinaryHeader(wireData.length).writePayload(wireData);
          p.packString("zstd").packBoolean(zstd);
        });
  }

  public static ReadResponse decodeReadResponse(byte[] frame) {
    MsgStruct s = MsgStruct.decode(frame, "ReadResponse", READ_RESPONSE);
    String v = s.optString("version");
    byte[] data = s.optBytes("data");
    return new ReadResponse(
        v == null ? "" : v, data == null ? new byte[0] : data, s.optBool("zstd", false));
  }

  // ---------------------------------------------------------------- /batch/write

  private static final List<String> WRITE_REQUEST = List.of("data", "delta_base");

  public static byte[] encodeWriteRequest(PageWrite w) {
    return pack(
        p -> {
          p.packMapHeader(2);
          p.packString("data").packBinaryHeader(w.data().length).writePayload(w.data());
          p.packString("delta_base");
          if (w.deltaBase() == null) {
            p.packNil();
          } else {
            p.packLong(Integer.toUnsignedLong(w.deltaBase()));
          }
        });
  }

  public static PageWrite decodeWriteRequest(byte[] frame) {
    MsgStruct s = MsgStruct.decode(frame, "WriteRequest", WRITE_REQUEST);
    return new PageWrite(s.requiredBytes("data"), s.optU32("delta_base"));
  }

  /** A write response frame: the page's hash, or an empty array for the completion frame. */
  public static byte[] encodeWriteResponse(byte[] hashOrEmpty) {
    return pack(
        p -> {
          p.packMapHeader(1);
          p.packString("hash").packBinaryHeader(hashOrEmpty.length).writePayload(hashOrEmpty);
        });
  }

  public static byte[] decodeWriteResponse(byte[] frame) {
    return MsgStruct.decode(frame, "WriteResponse", List.of("hash")).requiredBytes("hash");
  }

  // ---------------------------------------------------------------- /batch/commit

  /**
   * The first frame of a commit. {@code lease} and {@code sharedSnapshot} are mvSQLite extensions.
   */
  public record CommitInit(
      IdempotencyKey idempotencyKey,
      boolean allowSkipIdempotencyCheck,
      int numNamespaces,
      String lockOwner,
      LeaseId lease,
      boolean sharedSnapshot) {}

  private static final List<String> COMMIT_INIT =
      List.of(
          "idempotency_key",
          "allow_skip_idempotency_check",
          "num_namespaces",
          "lock_owner",
          "txn_lease",
          "shared_snapshot");

  public static byte[] encodeCommitInit(CommitInit c) {
    return pack(
        p -> {
          int n = 4 + (c.lease() != null ? 1 : 0) + (c.sharedSnapshot() ? 1 : 0);
          p.packMapHeader(n);
          p.packString("idempotency_key");
          packOptBytes(p, c.idempotencyKey().bytes());
          p.packString("allow_skip_idempotency_check").packBoolean(c.allowSkipIdempotencyCheck());
          p.packString("num_namespaces").packInt(c.numNamespaces());
          p.packString("lock_owner");
          if (c.lockOwner() == null) {
            p.packNil();
          } else {
            p.packString(c.lockOwner());
          }
          if (c.lease() != null) {
            p.packString("txn_lease");
            packOptBytes(p, c.lease().bytes());
          }
          if (c.sharedSnapshot()) {
            p.packString("shared_snapshot").packBoolean(true);
          }
        });
  }

  public static CommitInit decodeCommitInit(byte[] frame) {
    MsgStruct s = MsgStruct.decode(frame, "CommitGlobalInit", COMMIT_INIT);
    byte[] key = s.requiredBytes("idempotency_key");
    if (key.length != IdempotencyKey.LENGTH) {
      throw new MvException(
          ErrorCode.INVALID_IDEMPOTENCY_KEY,
          "idempotency_key must have 16 bytes, got " + key.length);
    }
    long num = s.requiredLong("num_namespaces");
    byte[] lease = s.optBytes("txn_lease");
    return new CommitInit(
        new IdempotencyKey(key),
        s.optBool("allow_skip_idempotency_check", false),
        (int) Math.max(Math.min(num, Integer.MAX_VALUE), -1),
        s.optString("lock_owner"),
        lease == null ? null : new LeaseId(lease),
        s.optBool("shared_snapshot", false));
  }

  /** The frame that opens one namespace's part of a commit. */
  public record NamespaceInit(
      Version version,
      String nsKey,
      String nsKeyHashproof,
      String metadata,
      int numPages,
      int[] readSet) {}

  private static final List<String> NAMESPACE_INIT =
      List.of("version", "ns_key", "ns_key_hashproof", "metadata", "num_pages", "read_set");

  public static byte[] encodeNamespaceInit(NamespaceInit n) {
    return pack(
        p -> {
          p.packMapHeader(6);
          p.packString("version").packString(n.version().hex());
          p.packString("ns_key").packString(n.nsKey());
          p.packString("ns_key_hashproof");
          if (n.nsKeyHashproof() == null) {
            p.packNil();
          } else {
            p.packString(n.nsKeyHashproof());
          }
          p.packString("metadata");
          if (n.metadata() == null) {
            p.packNil();
          } else {
            p.packString(n.metadata());
          }
          p.packString("num_pages").packLong(Integer.toUnsignedLong(n.numPages()));
          p.packString("read_set");
          if (n.readSet() == null) {
            p.packNil();
          } else {
            p.packArrayHeader(n.readSet().length);
            for (int page : n.readSet()) {
              p.packLong(Integer.toUnsignedLong(page));
            }
          }
        });
  }

  public static NamespaceInit decodeNamespaceInit(byte[] frame) {
    MsgStruct s = MsgStruct.decode(frame, "CommitNamespaceInit", NAMESPACE_INIT);
    return new NamespaceInit(
        Version.parse(s.requiredString("version")),
        s.requiredString("ns_key"),
        s.optString("ns_key_hashproof"),
        s.optString("metadata"),
        s.requiredU32("num_pages"),
        s.optU32Array("read_set"));
  }

  private static final List<String> COMMIT_REQUEST = List.of("page_index", "hash", "data");

  public static byte[] encodePageCommit(PageCommit c) {
    return pack(
        p -> {
          p.packMapHeader(3);
          p.packString("page_index").packLong(Integer.toUnsignedLong(c.pageIndex()));
          p.packString("hash");
          packOptBytes(p, c.hash().bytes());
          p.packString("data");
          packOptBytes(p, c.data());
        });
  }

  public static PageCommit decodePageCommit(byte[] frame) {
    MsgStruct s = MsgStruct.decode(frame, "CommitRequest", COMMIT_REQUEST);
    byte[] hash = s.requiredBytes("hash");
    if (hash.length != PageHash.LENGTH) {
      throw new MvException(
          ErrorCode.INVALID_HASH, "invalid hash: expected 32 bytes, got " + hash.length);
    }
    return new PageCommit(s.requiredU32("page_index"), new PageHash(hash), s.optBytes("data"));
  }

  /**
   * The body of a successful commit: per namespace key, the pages other commits changed meanwhile.
   */
  public static byte[] encodeCommitResult(Map<String, int[]> changelog) {
    return pack(
        p -> {
          p.packMapHeader(1);
          p.packString("changelog").packMapHeader(changelog.size());
          for (Map.Entry<String, int[]> e : changelog.entrySet()) {
            p.packString(e.getKey()).packArrayHeader(e.getValue().length);
            for (int page : e.getValue()) {
              p.packLong(Integer.toUnsignedLong(page));
            }
          }
        });
  }

  public static Map<String, int[]> decodeCommitResult(byte[] body) {
    MsgStruct s = MsgStruct.decode(body, "CommitResult", List.of("changelog"));
    Value v = s.raw("changelog");
    Map<String, int[]> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!v.isMapValue()) {
      throw MsgStruct.malformed("CommitResult", "changelog must be a map");
    }
    for (Map.Entry<Value, Value> e : v.asMapValue().entrySet()) {
      List<Value> items = e.getValue().asArrayValue().list();
      int[] pages = new int[items.size()];
      for (int i = 0; i < pages.length; i++) {
        pages[i] = (int) items.get(i).asIntegerValue().toLong();
      }
      out.put(e.getKey().asStringValue().asString(), pages);
    }
    return out;
  }

  // ---------------------------------------------------------------- helpers

  private interface PackBody {
    void write(MessageBufferPacker p) throws IOException;
  }

  private static byte[] pack(PackBody body) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      body.write(p);
      return p.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void packOptBytes(MessageBufferPacker p, byte[] b) throws IOException {
    if (b == null) {
      p.packNil();
    } else {
      p.packBinaryHeader(b.length).writePayload(b);
    }
  }
}
