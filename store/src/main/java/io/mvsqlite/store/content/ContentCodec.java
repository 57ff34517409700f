package io.mvsqlite.store.content;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.PageHash;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The stored encoding of page contents (the value of {@code content(ns, h)}, reference §5.1):
 *
 * <table>
 *   <tr><th>value</th><th>meaning</th></tr>
 *   <tr><td>empty</td><td>the empty page</td></tr>
 *   <tr><td>{@code 0x00 || raw}</td><td>uncompressed (read, never written)</td></tr>
 *   <tr><td>{@code 0x01 || zstd(raw)}</td><td>compressed; what {@link #encode} writes</td></tr>
 *   <tr><td>{@code 0x02 || base_hash(32) || zstd(raw XOR base_raw)}</td>
 *       <td>delta against another page of the same namespace, which must itself be type 0 or 1</td></tr>
 * </table>
 *
 * <p>Decompression is capped at {@value Limits#MAX_PAGE_BYTES} bytes, and a delta's image must be
 * exactly as long as its base. Anything else is {@link ErrorCode#DATA_CORRUPT}: stored data is
 * never guessed at. Stateless and thread-safe.
 */
public final class ContentCodec {

  static final byte TYPE_RAW = 0x00;
  static final byte TYPE_ZSTD = 0x01;
  static final byte TYPE_DELTA = 0x02;

  /** zstd's default level, as the reference (level 0 = library default). */
  private static final int ZSTD_LEVEL = 3;

  /*
   * zstd contexts, reused. zstd-jni's static one-shot calls create and free a native context on every call, which
   * costs more than the work on an 8 KiB page (measured: decompressing one took 17 us with a fresh context, 0.2 us
   * with a reused one; compressing 27 us against 10 us). Contexts are not thread-safe, so each call takes one from
   * the pool (or makes one) and gives it back: the pool holds at most as many as calls ever ran at once.
   */
  private static final Queue<ZstdCompressCtx> COMPRESSORS = new ConcurrentLinkedQueue<>();
  private static final Queue<ZstdDecompressCtx> DECOMPRESSORS = new ConcurrentLinkedQueue<>();

  private ContentCodec() {}

  /** {@code 0x01 || zstd(page)}. */
  public static byte[] encode(byte[] page) {
    return prefixed(TYPE_ZSTD, compress(page));
  }

  /**
   * {@code 0x02 || base || xorFrame}, where {@code xorFrame} is {@link #compress compressed} {@code
   * page XOR base}.
   */
  public static byte[] encodeDelta(PageHash base, byte[] xorFrame) {
    byte[] out = new byte[1 + PageHash.LENGTH + xorFrame.length];
    out[0] = TYPE_DELTA;
    base.writeTo(out, 1);
    System.arraycopy(xorFrame, 0, out, 1 + PageHash.LENGTH, xorFrame.length);
    return out;
  }

  /** Parses a stored value without decompressing it. */
  public static StoredContent parse(byte[] stored) {
    if (stored.length == 0) {
      return new StoredContent.Empty();
    }
    byte[] body = Arrays.copyOfRange(stored, 1, stored.length);
    return switch (stored[0]) {
      case TYPE_RAW -> {
        if (body.length > Limits.MAX_PAGE_BYTES) {
          throw corrupt("uncompressed page content is larger than 32768 bytes");
        }
        yield new StoredContent.Raw(body);
      }
      case TYPE_ZSTD -> new StoredContent.Compressed(body);
      case TYPE_DELTA -> {
        if (body.length < PageHash.LENGTH) {
          throw corrupt("delta page content is shorter than its base hash");
        }
        yield new StoredContent.Delta(
            new PageHash(Arrays.copyOf(body, PageHash.LENGTH)),
            Arrays.copyOfRange(body, PageHash.LENGTH, body.length));
      }
      default -> throw corrupt("unknown page content type " + (stored[0] & 0xff));
    };
  }

  /**
   * The raw page of a content that is not a delta; a delta is {@link ErrorCode#DATA_CORRUPT} here.
   */
  public static byte[] decodeStandalone(StoredContent content) {
    return switch (content) {
      case StoredContent.Empty e -> new byte[0];
      case StoredContent.Raw r -> r.page().clone();
      case StoredContent.Compressed c -> decompress(c.frame());
      case StoredContent.Delta d -> throw corrupt("a delta page's base is itself a delta");
    };
  }

  /** The raw page of {@code delta} given its base's raw page. */
  public static byte[] applyDelta(StoredContent.Delta delta, byte[] baseRaw) {
    byte[] xor = decompress(delta.xorFrame());
    if (xor.length != baseRaw.length) {
      throw corrupt("delta page size differs from its base's size");
    }
    for (int i = 0; i < xor.length; i++) {
      xor[i] ^= baseRaw[i];
    }
    return xor;
  }

  /** zstd at the default level. */
  public static byte[] compress(byte[] data) {
    ZstdCompressCtx ctx = COMPRESSORS.poll();
    if (ctx == null) {
      ctx = new ZstdCompressCtx();
      ctx.setLevel(ZSTD_LEVEL);
    }
    try {
      return ctx.compress(data);
    } finally {
      COMPRESSORS.offer(ctx);
    }
  }

  /** Decompresses one zstd frame of at most {@value Limits#MAX_PAGE_BYTES} bytes. */
  public static byte[] decompress(byte[] frame) {
    // The frame header usually states the size (our compressor writes it): then the page is
    // decompressed into an array of its size, not into 32 KiB that are zeroed and copied after.
    long stated = Zstd.getFrameContentSize(frame);
    byte[] out =
        new byte
            [stated >= 0 && stated <= Limits.MAX_PAGE_BYTES ? (int) stated : Limits.MAX_PAGE_BYTES];
    int n;
    ZstdDecompressCtx ctx = DECOMPRESSORS.poll();
    if (ctx == null) {
      ctx = new ZstdDecompressCtx();
    }
    try {
      n = ctx.decompressByteArray(out, 0, out.length, frame, 0, frame.length);
    } catch (ZstdException e) {
      throw corrupt(
          "page content does not decompress to at most 32768 bytes (" + e.getMessage() + ")");
    } finally {
      DECOMPRESSORS.offer(ctx);
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  private static byte[] prefixed(byte type, byte[] body) {
    byte[] out = new byte[1 + body.length];
    out[0] = type;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  private static MvException corrupt(String what) {
    return new MvException(ErrorCode.DATA_CORRUPT, what);
  }
}
