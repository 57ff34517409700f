package io.mvsqlite.server.http;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.wire.DataPlaneCodec;
import io.mvsqlite.protocol.wire.Frames;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /batch/commit} (reference §3.4): decodes the frame sequence as it arrives, validating in
 * the reference's order, then makes one engine call and answers its outcome.
 *
 * <p>Frames: one {@code CommitGlobalInit}; then per namespace a {@code CommitNamespaceInit}
 * followed by exactly {@code num_pages} {@code CommitRequest} frames; nothing after. Page frames
 * are decoded one by one into page entries (the raw body is never buffered), so a commit of {@link
 * Limits#MAX_PAGES_PER_COMMIT} pages costs ~100 bytes of heap per page rather than its wire size
 * plus that.
 *
 * <p>Validation, in order: {@code 412} num_namespaces outside 1..16; {@code 400} idempotency key
 * not 16 bytes (the reference: 500); {@code 413} too many pages in total; {@code 400} malformed
 * version (the reference: 500); {@code 400} invalid hash; {@code 413} too many fast writes or a
 * fast write too large; {@code 400} a body that ends early or carries trailing data (the reference:
 * 500). Unknown namespaces ({@code 404}) and a namespace named twice ({@code 400}) are found by the
 * engine, which resolves every namespace before it changes anything.
 *
 * <p>Outcomes: committed &rarr; {@code 200} with {@code x-committed-version}, {@code
 * x-last-version: ffffffffffffffffffff} and the MessagePack changelog; conflict &rarr; {@code 409}
 * (empty body); bad page reference &rarr; {@code 410 "bad page reference"}. Thread-safe: immutable.
 */
final class CommitEndpoint {

  static final String COMMITTED_VERSION_HEADER = "x-committed-version";
  static final String LAST_VERSION_HEADER = "x-last-version";

  /** A constant the reference sends for backward compatibility. */
  static final String LAST_VERSION_VALUE = "ffffffffffffffffffff";

  private final PageStore store;
  private final ServerMetrics metrics;

  CommitEndpoint(PageStore store, ServerMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  void commit(Exchange x) throws IOException {
    NamespaceRef headerNamespace = NamespaceHeaders.optional(x);
    if (headerNamespace != null) {
      // The reference resolves the (otherwise unused) header first, so an unknown key there is a
      // 404.
      store.stat(headerNamespace, null, null);
    }
    InputStream in = x.body();
    DataPlaneCodec.CommitInit init =
        DataPlaneCodec.decodeCommitInit(
            Frames.readRequired(in, Limits.MAX_FRAME_BYTES, "the commit init frame"));
    int count = init.numNamespaces();
    if (count < 1 || count > Limits.MAX_NAMESPACES_PER_COMMIT) {
      throw new MvException(
          ErrorCode.NUM_NAMESPACES_OUT_OF_BOUND,
          "num_namespaces out of bound: a commit names 1 to "
              + Limits.MAX_NAMESPACES_PER_COMMIT
              + " namespaces");
    }
    long totalPages = 0;
    int fastWrites = 0;
    List<NamespaceCommit> namespaces = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      DataPlaneCodec.NamespaceInit ns =
          DataPlaneCodec.decodeNamespaceInit(
              Frames.readRequired(
                  in, Limits.MAX_FRAME_BYTES, "the init frame of namespace " + (i + 1)));
      long pages = Integer.toUnsignedLong(ns.numPages());
      totalPages += pages;
      if (totalPages > Limits.MAX_PAGES_PER_COMMIT) {
        throw new MvException(
            ErrorCode.TOO_MANY_PAGES,
            "too many pages in commit: at most "
                + Limits.MAX_PAGES_PER_COMMIT
                + " page entries per commit");
      }
      NamespaceRef ref = new NamespaceRef(ns.nsKey(), ns.nsKeyHashproof());
      List<PageCommit> entries = new ArrayList<>((int) Math.min(pages, 4096));
      for (long j = 0; j < pages; j++) {
        PageCommit page =
            DataPlaneCodec.decodePageCommit(
                Frames.readRequired(in, Limits.MAX_FRAME_BYTES, "a page frame"));
        if (page.data() != null) {
          if (++fastWrites > Limits.MAX_FAST_WRITES_PER_COMMIT) {
            throw new MvException(
                ErrorCode.TOO_MANY_FAST_WRITES,
                "too many fast writes: at most "
                    + Limits.MAX_FAST_WRITES_PER_COMMIT
                    + " pages per commit carry inline data; upload the others with /batch/write");
          }
          if (page.data().length > Limits.MAX_PAGE_BYTES) {
            throw new MvException(
                ErrorCode.PAGE_TOO_LARGE,
                "fast write page too large: "
                    + page.data().length
                    + " bytes, the limit is "
                    + Limits.MAX_PAGE_BYTES);
          }
        }
        entries.add(page);
      }
      namespaces.add(new NamespaceCommit(ref, ns.version(), ns.readSet(), entries));
    }
    if (in.read() >= 0) {
      throw new MvException(
          ErrorCode.MALFORMED_REQUEST, "unexpected data after the last page frame of the commit");
    }
    CommitRequest request =
        new CommitRequest(
            init.idempotencyKey(),
            init.allowSkipIdempotencyCheck(),
            init.lockOwner(),
            init.lease(),
            init.sharedSnapshot(),
            namespaces);
    CommitOutcome outcome;
    try {
      outcome = store.commit(request);
    } catch (RuntimeException e) {
      metrics.commit("error");
      throw e;
    }
    switch (outcome) {
      case CommitOutcome.Committed c -> {
        metrics.commit("committed");
        metrics.pagesCommitted((int) totalPages);
        x.responseHeader(COMMITTED_VERSION_HEADER, c.version().hex());
        x.responseHeader(LAST_VERSION_HEADER, LAST_VERSION_VALUE);
        x.send(200, "application/x-msgpack", DataPlaneCodec.encodeCommitResult(c.changelog()));
      }
      case CommitOutcome.Conflict c -> {
        metrics.commit("conflict");
        ErrorCode code = count > 1 ? ErrorCode.GROUP_CONFLICT : ErrorCode.CONFLICT;
        x.responseHeader(ErrorReplies.ERROR_HEADER, code.name());
        x.sendEmpty(409);
      }
      case CommitOutcome.BadPageReference b -> {
        metrics.commit("bad_page_reference");
        x.responseHeader(ErrorReplies.ERROR_HEADER, ErrorCode.BAD_PAGE_REFERENCE.name());
        x.sendText(410, "bad page reference");
      }
    }
  }
}
