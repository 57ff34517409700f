package io.mvsqlite.server;

import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.protocol.wire.DataPlaneCodec;
import io.mvsqlite.protocol.wire.Frames;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and parses data-plane bodies for tests, with the shared codec (as a real client would).
 */
final class Wire {

  private Wire() {}

  /** A body of length-prefixed frames. */
  static byte[] frames(List<byte[]> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (byte[] f : frames) {
        Frames.write(out, f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** A frame header announcing {@code length} bytes. */
  static byte[] header(long length) {
    return new byte[] {
      (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length
    };
  }

  static byte[] readBody(List<PageRead> reads, boolean acceptZstd) {
    List<byte[]> frames = new ArrayList<>();
    for (PageRead r : reads) {
      frames.add(DataPlaneCodec.encodeReadRequest(r, acceptZstd));
    }
    return frames(frames);
  }

  static byte[] writeBody(List<byte[]> pages) {
    List<byte[]> frames = new ArrayList<>();
    for (byte[] p : pages) {
      frames.add(DataPlaneCodec.encodeWriteRequest(new PageWrite(p, null)));
    }
    frames.add(new byte[0]);
    return frames(frames);
  }

  /** The frames of an answer. */
  static List<byte[]> parseFrames(byte[] body) {
    List<byte[]> out = new ArrayList<>();
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    try {
      while (in.available() > 0) {
        out.add(Frames.readResponse(in));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static List<DataPlaneCodec.ReadResponse> parseReads(byte[] body) {
    return parseFrames(body).stream().map(DataPlaneCodec::decodeReadResponse).toList();
  }

  /** The page hashes of a write answer, then the empty completion frame's hash. */
  static List<byte[]> parseWrites(byte[] body) {
    return parseFrames(body).stream().map(DataPlaneCodec::decodeWriteResponse).toList();
  }

  /** One namespace's part of a commit body. */
  record NsPart(String key, Version base, int[] readSet, List<PageCommit> pages) {}

  static byte[] commitBody(IdempotencyKey key, List<NsPart> parts) {
    List<byte[]> frames = new ArrayList<>();
    frames.add(
        DataPlaneCodec.encodeCommitInit(
            new DataPlaneCodec.CommitInit(key, true, parts.size(), null, null, false)));
    for (NsPart p : parts) {
      frames.add(
          DataPlaneCodec.encodeNamespaceInit(
              new DataPlaneCodec.NamespaceInit(
                  p.base(), p.key(), null, null, p.pages().size(), p.readSet())));
      for (PageCommit c : p.pages()) {
        frames.add(DataPlaneCodec.encodePageCommit(c));
      }
    }
    return frames(frames);
  }

  static byte[] commitBody(String key, Version base, List<PageCommit> pages) {
    return commitBody(IdempotencyKey.random(), List.of(new NsPart(key, base, null, pages)));
  }

  static PageCommit ref(int page, PageHash hash) {
    return new PageCommit(page, hash, null);
  }
}
