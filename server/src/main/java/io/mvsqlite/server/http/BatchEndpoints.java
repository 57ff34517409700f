package io.mvsqlite.server.http;

import com.github.luben.zstd.Zstd;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.wire.DataPlaneCodec;
import io.mvsqlite.protocol.wire.Frames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /batch/read} and {@code /batch/write} (reference §3.2, §3.3): framed MessagePack in,
 * framed MessagePack out.
 *
 * <p>Both read and validate the whole request before calling the engine, and answer only once the
 * engine has answered, so every failure gets its precise status. The reference instead streamed and
 * signalled failures by ending the answer early, which its client retried forever; in particular
 * more than 200 reads are now {@code 413 TOO_MANY_READS} (the reference silently dropped the rest)
 * and more than 100 writes {@code 413 TOO_MANY_WRITES} (the reference accepted 101, §16.5).
 *
 * <p>Thread-safe: immutable.
 */
final class BatchEndpoints {

  private static final byte[] EMPTY = new byte[0];

  /**
   * Frame length, MessagePack map, keys and version of one page of a read answer (an upper bound).
   */
  private static final int ANSWER_OVERHEAD_PER_PAGE = 64;

  private final PageStore store;
  private final boolean wireZstd;
  private final ServerMetrics metrics;

  BatchEndpoints(PageStore store, boolean wireZstd, ServerMetrics metrics) {
    this.store = store;
    this.wireZstd = wireZstd;
    this.metrics = metrics;
  }

  void read(Exchange x) throws IOException {
    NamespaceRef ns = NamespaceHeaders.required(x);
    InputStream in = x.body();
    List<PageRead> reads = new ArrayList<>();
    List<Boolean> acceptZstd = new ArrayList<>();
    byte[] frame;
    while ((frame = Frames.read(in, Limits.MAX_FRAME_BYTES)) != null) {
      if (reads.size() == Limits.MAX_PAGES_PER_READ) {
        throw new MvException(
            ErrorCode.TOO_MANY_READS,
            "too many reads: a batch reads at most "
                + Limits.MAX_PAGES_PER_READ
                + " pages; split the batch");
      }
      DataPlaneCodec.ReadRequest r = DataPlaneCodec.decodeReadRequest(frame);
      reads.add(r.read());
      acceptZstd.add(r.acceptZstd());
    }
    List<PageData> pages = store.read(ns, reads);
    if (pages.size() != reads.size()) {
      throw new IllegalStateException(
          "the engine answered " + pages.size() + " of " + reads.size() + " reads");
    }
    // Sized for the whole answer up front: growing it page by page copied it again and again (a
    // scan's 64-page answers are ~512 KiB).
    long answerBytes = 0;
    for (PageData page : pages) {
      answerBytes += page.data().length + ANSWER_OVERHEAD_PER_PAGE;
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream((int) Math.min(answerBytes, Integer.MAX_VALUE - 8));
    for (int i = 0; i < pages.size(); i++) {
      PageData page = pages.get(i);
      boolean zstd = wireZstd && acceptZstd.get(i);
      byte[] wire = zstd ? Zstd.compress(page.data()) : page.data();
      Frames.write(out, DataPlaneCodec.encodeReadResponse(page, wire, zstd));
    }
    metrics.pagesRead(pages.size());
    x.send(200, "application/octet-stream", out.toByteArray());
  }

  void write(Exchange x) throws IOException {
    NamespaceRef ns = NamespaceHeaders.required(x);
    LeaseId lease = DataPlaneEndpoints.lease(x);
    InputStream in = x.body();
    List<PageWrite> writes = new ArrayList<>();
    while (true) {
      byte[] frame = Frames.read(in, Limits.MAX_FRAME_BYTES);
      if (frame == null) {
        throw new MvException(
            ErrorCode.MALFORMED_REQUEST,
            "the body ended without the zero-length frame that terminates a batch write");
      }
      if (frame.length == 0) {
        break;
      }
      if (writes.size() == Limits.MAX_PAGES_PER_WRITE) {
        throw new MvException(
            ErrorCode.TOO_MANY_WRITES,
            "too many writes: a batch writes at most "
                + Limits.MAX_PAGES_PER_WRITE
                + " pages; split the batch");
      }
      PageWrite w = DataPlaneCodec.decodeWriteRequest(frame);
      if (w.data().length > Limits.MAX_PAGE_BYTES) {
        throw new MvException(
            ErrorCode.PAGE_TOO_LARGE,
            "page too large: " + w.data().length + " bytes, the limit is " + Limits.MAX_PAGE_BYTES);
      }
      writes.add(w);
    }
    if (in.read() >= 0) {
      throw new MvException(
          ErrorCode.MALFORMED_REQUEST, "unexpected data after the terminating zero-length frame");
    }
    List<PageHash> hashes = store.write(ns, writes, lease);
    if (hashes.size() != writes.size()) {
      throw new IllegalStateException(
          "the engine answered " + hashes.size() + " of " + writes.size() + " writes");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (PageHash h : hashes) {
      Frames.write(out, DataPlaneCodec.encodeWriteResponse(h.bytes()));
    }
    Frames.write(out, DataPlaneCodec.encodeWriteResponse(EMPTY));
    metrics.pagesUploaded(writes.size());
    x.send(200, "application/octet-stream", out.toByteArray());
  }
}
