package io.mvsqlite.client.transport;

import com.github.luben.zstd.ZstdInputStream;
import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.LockAcquireOutcome;
import io.mvsqlite.protocol.LockReleaseMode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.StatQuery;
import io.mvsqlite.protocol.StatResult;
import io.mvsqlite.protocol.Time2VersionResult;
import io.mvsqlite.protocol.TimePoint;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.protocol.wire.DataPlaneCodec;
import io.mvsqlite.protocol.wire.Frames;
import io.mvsqlite.protocol.wire.Json;
import io.mvsqlite.protocol.wire.JsonBodies;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The data plane of mvstore servers over HTTP (reference §2): {@code /stat}, {@code /batch/read},
 * {@code /batch/write}, {@code /batch/commit}, {@code /time2version}, {@code /nslock/*} and our
 * {@code /lease/renew}, with the reference's framing (u32 length + MessagePack) and JSON bodies
 * ({@code DataPlaneCodec}, {@code JsonBodies}).
 *
 * <p><b>One attempt per call</b> (see {@link PageStore}); {@link RetryingPageStore} retries.
 * Failures are mapped once, here: a response with the {@code x-mvsqlite-error} header becomes
 * exactly that {@link ErrorCode}; one without it (the reference server) goes through {@link
 * ErrorCode#fromHttpStatus}; a refused connection, a timeout or a response that ends early (fewer
 * frames than pages, no completion frame) is a retryable {@link ErrorCode#NETWORK}.
 *
 * <p>Every request picks one of the URLs at random. Requests use HTTP/1.1 with keep-alive, sent on
 * the calling thread, unless {@code http2} is set ({@link HttpExchanger}). Pages compressed by the
 * server (zstd) are decompressed with a 1 MiB limit. Thread-safe and stateless apart from the
 * JVM-wide connection pools.
 */
public final class HttpPageStore implements PageStore {

  static final String ERROR_HEADER = "x-mvsqlite-error";
  static final String NS_KEY_HEADER = "x-namespace-key";
  static final String NS_HASHPROOF_HEADER = "x-namespace-hashproof";
  static final String LEASE_HEADER = "x-txn-lease";
  static final String LOCK_OWNER_HEADER = "x-lock-owner";
  static final String COMMITTED_VERSION_HEADER = "x-committed-version";

  /**
   * Extra timeout a commit gets per thousand page entries: the server's work grows with the commit.
   */
  private static final Duration COMMIT_TIMEOUT_PER_1000_PAGES = Duration.ofSeconds(2);

  private static final int MAX_ERROR_TEXT = 500;

  private final List<URI> urls;
  private final Duration timeout;
  private final HttpExchanger http;

  /**
   * @param urls base URLs of mvstore data planes (without a trailing slash); one is chosen per
   *     request
   * @param timeout the timeout of one request
   * @param http2 use HTTP/2 (negotiated by upgrade) instead of HTTP/1.1
   */
  public HttpPageStore(List<URI> urls, Duration timeout, boolean http2) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no data-plane URL");
    }
    this.urls = List.copyOf(urls);
    this.timeout = timeout;
    this.http = http2 ? HttpExchanger.HTTP2 : HttpExchanger.HTTP1;
  }

  @Override
  public StatResult stat(NamespaceRef ns, Version fromVersion, String lockOwner) {
    StringBuilder query = new StringBuilder();
    if (fromVersion != null) {
      query.append("from_version=").append(fromVersion.hex());
    }
    if (lockOwner != null) {
      query.append(query.isEmpty() ? "" : "&").append("lock_owner=").append(encode(lockOwner));
    }
    HttpAnswer r = send(get("/stat" + (query.isEmpty() ? "" : "?" + query)), ns, null);
    if (r.statusCode() != 200) {
      throw failure(r, r.statusCode() == 410 ? ErrorCode.LOCK_GONE : null);
    }
    JsonBodies.StatResponse body = Json.read(r.body(), JsonBodies.StatResponse.class);
    if (body.version() == null) {
      throw new MvException(ErrorCode.DATA_CORRUPT, "the server's /stat answer has no version");
    }
    return new StatResult(body.version(), body.readOnly(), body.interval());
  }

  /**
   * {@code POST /stat_group} (mvSQLite extension); a reference mvstore answers 404: {@code
   * NOT_FOUND}.
   */
  @Override
  public List<StatResult> statGroup(List<StatQuery> queries) {
    List<JsonBodies.StatGroupEntry> entries = new ArrayList<>(queries.size());
    for (StatQuery q : queries) {
      entries.add(
          new JsonBodies.StatGroupEntry(
              q.ns().key(), q.ns().hashproof(), q.fromVersion(), q.lockOwner()));
    }
    byte[] body = Json.write(new JsonBodies.StatGroupRequest(entries));
    HttpAnswer r =
        send(post("/stat_group", body).header("content-type", "application/json"), null, null);
    if (r.statusCode() != 200) {
      throw failure(r, r.statusCode() == 410 ? ErrorCode.LOCK_GONE : null);
    }
    JsonBodies.StatGroupResponse answer = Json.read(r.body(), JsonBodies.StatGroupResponse.class);
    if (answer.stats() == null || answer.stats().size() != queries.size()) {
      throw new MvException(
          ErrorCode.DATA_CORRUPT,
          "the server's /stat_group answer has "
              + (answer.stats() == null ? 0 : answer.stats().size())
              + " entries for "
              + queries.size()
              + " namespaces");
    }
    List<StatResult> out = new ArrayList<>(queries.size());
    for (JsonBodies.StatResponse s : answer.stats()) {
      if (s.version() == null) {
        throw new MvException(
            ErrorCode.DATA_CORRUPT,
            "the server's /stat_group answer has an entry without a version");
      }
      out.add(new StatResult(s.version(), s.readOnly(), s.interval()));
    }
    return out;
  }

  @Override
  public List<PageData> read(NamespaceRef ns, List<PageRead> reads) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(reads.size() * 48);
    for (PageRead read : reads) {
      frame(out, DataPlaneCodec.encodeReadRequest(read, true));
    }
    HttpAnswer r = send(post("/batch/read", out.toByteArray()), ns, null);
    if (r.statusCode() != 200) {
      throw failure(r, null);
    }
    InputStream in = new ByteArrayInputStream(r.body());
    List<PageData> pages = new ArrayList<>(reads.size());
    for (int i = 0; i < reads.size(); i++) {
      byte[] frame = responseFrame(in, "the answer for page " + reads.get(i).pageIndex());
      DataPlaneCodec.ReadResponse page = DataPlaneCodec.decodeReadResponse(frame);
      byte[] data = page.zstd() ? decompress(page.data()) : page.data();
      pages.add(page.toPageData(data));
    }
    return pages;
  }

  @Override
  public List<PageHash> write(NamespaceRef ns, List<PageWrite> writes, LeaseId lease) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(writes.size() * 8200 + 4);
    for (PageWrite w : writes) {
      frame(out, DataPlaneCodec.encodeWriteRequest(w));
    }
    frame(out, new byte[0]);
    HttpAnswer r = send(post("/batch/write", out.toByteArray()), ns, lease);
    if (r.statusCode() != 200) {
      throw failure(r, null);
    }
    InputStream in = new ByteArrayInputStream(r.body());
    List<PageHash> hashes = new ArrayList<>(writes.size());
    for (int i = 0; i < writes.size(); i++) {
      byte[] hash =
          DataPlaneCodec.decodeWriteResponse(responseFrame(in, "the hash of uploaded page " + i));
      if (hash.length == 0) {
        throw new MvException(
            ErrorCode.NETWORK,
            "the upload answer completed after " + i + " of " + writes.size() + " hashes");
      }
      hashes.add(new PageHash(hash));
    }
    byte[] completion =
        DataPlaneCodec.decodeWriteResponse(responseFrame(in, "the upload's completion frame"));
    if (completion.length != 0) {
      throw new MvException(
          ErrorCode.DATA_CORRUPT, "the upload answer has more hashes than pages uploaded");
    }
    return hashes;
  }

  @Override
  public void renewLease(NamespaceRef ns, LeaseId lease) {
    HttpAnswer r = send(post("/lease/renew", new byte[0]), ns, lease);
    if (r.statusCode() / 100 != 2) {
      throw failure(r, null);
    }
  }

  @Override
  public CommitOutcome commit(CommitRequest request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + request.totalPages() * 64);
    frame(
        out,
        DataPlaneCodec.encodeCommitInit(
            new DataPlaneCodec.CommitInit(
                request.idempotencyKey(),
                request.allowSkipIdempotencyCheck(),
                request.namespaces().size(),
                request.lockOwner(),
                request.lease(),
                request.sharedSnapshot())));
    for (NamespaceCommit ns : request.namespaces()) {
      frame(
          out,
          DataPlaneCodec.encodeNamespaceInit(
              new DataPlaneCodec.NamespaceInit(
                  ns.baseVersion(),
                  ns.namespace().key(),
                  ns.namespace().hashproof(),
                  null,
                  ns.pages().size(),
                  ns.readSet())));
      for (PageCommit page : ns.pages()) {
        frame(out, DataPlaneCodec.encodePageCommit(page));
      }
    }
    Duration commitTimeout =
        timeout.plus(COMMIT_TIMEOUT_PER_1000_PAGES.multipliedBy(request.totalPages() / 1000));
    HttpCall b = post("/batch/commit", out.toByteArray()).timeout(commitTimeout);
    HttpAnswer r = send(b, null, null);
    return switch (r.statusCode()) {
      case 200 -> {
        String committed = r.header(COMMITTED_VERSION_HEADER);
        if (committed == null) {
          throw new MvException(
              ErrorCode.DATA_CORRUPT, "the commit answer has no " + COMMITTED_VERSION_HEADER);
        }
        Map<String, int[]> changelog =
            r.body().length == 0 ? Map.of() : DataPlaneCodec.decodeCommitResult(r.body());
        yield new CommitOutcome.Committed(Version.parse(committed.trim()), changelog);
      }
      case 409 -> {
        ErrorCode code = ErrorCode.fromHeader(r.header(ERROR_HEADER));
        if (code == null || code == ErrorCode.CONFLICT || code == ErrorCode.GROUP_CONFLICT) {
          yield new CommitOutcome.Conflict(text(r).isEmpty() ? "409 conflict" : text(r));
        }
        throw failure(r, null);
      }
      case 410 -> {
        ErrorCode code = ErrorCode.fromHeader(r.header(ERROR_HEADER));
        if (code == null || code == ErrorCode.BAD_PAGE_REFERENCE) {
          yield new CommitOutcome.BadPageReference(text(r));
        }
        throw failure(r, null);
      }
      default -> throw failure(r, null);
    };
  }

  @Override
  public Time2VersionResult time2version(long unixSeconds) {
    HttpAnswer r = send(get("/time2version?t=" + unixSeconds), null, null);
    if (r.statusCode() != 200) {
      throw failure(r, null);
    }
    JsonBodies.Time2VersionResponse body =
        Json.read(r.body(), JsonBodies.Time2VersionResponse.class);
    return new Time2VersionResult(point(body.after()), point(body.notAfter()));
  }

  @Override
  public LockAcquireOutcome acquireLock(NamespaceRef ns, String owner, Version version) {
    byte[] body = Json.write(new JsonBodies.LockAcquireRequest(owner, version));
    HttpAnswer r =
        send(post("/nslock/acquire", body).header("content-type", "application/json"), ns, null);
    if (r.statusCode() / 100 == 2) {
      return new LockAcquireOutcome.Acquired(false);
    }
    if (r.statusCode() == 409 && r.header(LOCK_OWNER_HEADER) != null) {
      return new LockAcquireOutcome.HeldByOther(r.header(LOCK_OWNER_HEADER));
    }
    throw failure(r, r.statusCode() == 409 ? ErrorCode.LOCK_VERSION_INVALID : null);
  }

  @Override
  public void releaseLock(NamespaceRef ns, String owner, LockReleaseMode mode) {
    byte[] body = Json.write(new JsonBodies.LockReleaseRequest(owner, mode.wireName()));
    HttpAnswer r =
        send(post("/nslock/release", body).header("content-type", "application/json"), ns, null);
    if (r.statusCode() / 100 != 2) {
      ErrorCode bare =
          switch (r.statusCode()) {
            case 409 -> ErrorCode.ROLLBACK_IN_PROGRESS;
            case 410 -> ErrorCode.LOCK_GONE;
            default -> null;
          };
      throw failure(r, bare);
    }
  }

  // ---------------------------------------------------------------- plumbing

  private HttpCall get(String pathAndQuery) {
    return HttpCall.get(target(pathAndQuery), timeout);
  }

  private HttpCall post(String path, byte[] body) {
    return HttpCall.post(target(path), body, timeout);
  }

  private URI target(String pathAndQuery) {
    URI base =
        urls.size() == 1
            ? urls.getFirst()
            : urls.get(ThreadLocalRandom.current().nextInt(urls.size()));
    return URI.create(base + pathAndQuery);
  }

  private HttpAnswer send(HttpCall call, NamespaceRef ns, LeaseId lease) {
    if (ns != null) {
      call.header(NS_KEY_HEADER, ns.key());
      if (ns.hashproof() != null) {
        call.header(NS_HASHPROOF_HEADER, ns.hashproof());
      }
    }
    if (lease != null) {
      call.header(LEASE_HEADER, lease.hex());
    }
    return http.send(call);
  }

  /**
   * The exception for an error answer: the header's code, else {@code bareCode}, else the status's
   * code.
   */
  private static MvException failure(HttpAnswer r, ErrorCode bareCode) {
    ErrorCode code = ErrorCode.fromHeader(r.header(ERROR_HEADER));
    if (code == null) {
      code = bareCode != null ? bareCode : ErrorCode.fromHttpStatus(r.statusCode());
    }
    String text = text(r);
    return new MvException(
        code,
        "mvstore answered "
            + r.statusCode()
            + " to "
            + r.method()
            + " "
            + r.path()
            + (text.isEmpty() ? "" : ": " + text));
  }

  private static String text(HttpAnswer r) {
    String s = new String(r.body(), StandardCharsets.UTF_8).strip();
    return s.length() > MAX_ERROR_TEXT ? s.substring(0, MAX_ERROR_TEXT) + "…" : s;
  }

  private static void frame(ByteArrayOutputStream out, byte[] body) {
    try {
      Frames.write(out, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next frame of an answer; a body that ends first is a truncated answer, retryable. */
  private static byte[] responseFrame(InputStream in, String what) {
    try {
      return Frames.readResponse(in);
    } catch (IOException e) {
      throw new MvException(ErrorCode.NETWORK, "the server's answer ended early, before " + what);
    }
  }

  /**
   * Decompresses a zstd page frame, refusing more than {@link Limits#MAX_WIRE_DECOMPRESSED_BYTES}.
   */
  static byte[] decompress(byte[] frame) {
    try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(frame))) {
      byte[] out = in.readNBytes(Limits.MAX_WIRE_DECOMPRESSED_BYTES + 1);
      if (out.length > Limits.MAX_WIRE_DECOMPRESSED_BYTES) {
        throw new MvException(
            ErrorCode.DATA_CORRUPT,
            "a compressed page expands beyond " + Limits.MAX_WIRE_DECOMPRESSED_BYTES + " bytes");
      }
      return out;
    } catch (IOException e) {
      throw new MvException(
          ErrorCode.DATA_CORRUPT, "a compressed page cannot be decompressed: " + e.getMessage(), e);
    }
  }

  private static TimePoint point(JsonBodies.TimePointBody b) {
    return b == null || b.version() == null ? null : new TimePoint(b.version(), b.time());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "HttpPageStore" + urls;
  }
}
