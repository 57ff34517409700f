package io.mvsqlite.protocol.wire;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Length-prefixed frames: a u32 big-endian length (not counting the 4 header bytes) followed by
 * that many bytes. A zero-length frame is legal (it terminates {@code /batch/write} bodies).
 */
public final class Frames {

  private Frames() {}

  /**
   * Reads the next frame, or returns {@code null} at a clean end of stream (no byte of a new frame
   * read).
   *
   * @throws MvException {@link ErrorCode#FRAME_TOO_LARGE} for a frame longer than {@code
   *     maxFrameBytes}, {@link ErrorCode#MALFORMED_REQUEST} for a stream that ends inside a frame
   */
  public static byte[] read(InputStream in, int maxFrameBytes) throws IOException {
    int b0 = in.read();
    if (b0 < 0) {
      return null;
    }
    byte[] rest = in.readNBytes(3);
    if (rest.length < 3) {
      throw new MvException(ErrorCode.MALFORMED_REQUEST, "truncated frame header");
    }
    long len =
        ((long) b0 << 24)
            | ((rest[0] & 0xffL) << 16)
            | ((rest[1] & 0xffL) << 8)
            | (rest[2] & 0xffL);
    if (len > maxFrameBytes) {
      throw new MvException(
          ErrorCode.FRAME_TOO_LARGE,
          "frame of " + len + " bytes exceeds the limit of " + maxFrameBytes + " bytes");
    }
    byte[] body = in.readNBytes((int) len);
    if (body.length < len) {
      throw new MvException(
          ErrorCode.MALFORMED_REQUEST,
          "truncated frame: expected " + len + " bytes, got " + body.length);
    }
    return body;
  }

  /** Like {@link #read}, but an end of stream is an error (the caller expects another frame). */
  public static byte[] readRequired(InputStream in, int maxFrameBytes, String what)
      throws IOException {
    byte[] f = read(in, maxFrameBytes);
    if (f == null) {
      throw new MvException(ErrorCode.MALFORMED_REQUEST, "body ended early: expected " + what);
    }
    return f;
  }

  public static void write(OutputStream out, byte[] frame) throws IOException {
    int n = frame.length;
    out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    out.write(frame);
  }

  /**
   * Reads exactly one frame of a response, failing with an {@link EOFException} if the stream
   * ended.
   */
  public static byte[] readResponse(InputStream in) throws IOException {
    byte[] f;
    try {
      f = read(in, Integer.MAX_VALUE - 8);
    } catch (MvException e) {
      throw new EOFException("response stream ended inside a frame");
    }
    if (f == null) {
      throw new EOFException("response stream ended early");
    }
    return f;
  }
}
