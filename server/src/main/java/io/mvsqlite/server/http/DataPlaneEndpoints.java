package io.mvsqlite.server.http;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.LockAcquireOutcome;
import io.mvsqlite.protocol.LockReleaseMode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.StatQuery;
import io.mvsqlite.protocol.StatResult;
import io.mvsqlite.protocol.Time2VersionResult;
import io.mvsqlite.protocol.TimePoint;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.protocol.wire.JsonBodies;
import java.util.ArrayList;
import java.util.List;

/**
 * The data plane (reference §3): the JSON endpoints ({@code /stat}, {@code /time2version}, {@code
 * /nslock/*}, our {@code /lease/renew} and {@code /stat_group}) here, the framed batch endpoints in
 * {@link BatchEndpoints} and {@link CommitEndpoint}.
 *
 * <p>Every endpoint is one call of the engine's {@link PageStore}; this class only translates HTTP
 * to and from it. Differences from the reference, all compatible: malformed input is a 4xx instead
 * of a 500 (the reference client retries 5xx forever, §16.4), and a read-only replica refuses
 * namespace locks and lease renewals with 403 instead of failing against the locked database with a
 * 500 (§11).
 *
 * <p>Thread-safe: immutable.
 */
public final class DataPlaneEndpoints {

  /** The response header naming the current holder of a namespace lock. */
  public static final String LOCK_OWNER_HEADER = "x-lock-owner";

  /** The request header carrying a transaction lease (mvSQLite extension). */
  public static final String LEASE_HEADER = "x-txn-lease";

  private final PageStore store;
  private final boolean readOnly;
  private final BatchEndpoints batches;
  private final CommitEndpoint commits;

  /**
   * @param readOnly a read-only replica: writes, commits, locks and lease renewals answer 403
   * @param wireZstd compress pages on the wire for clients that accept it
   */
  public DataPlaneEndpoints(
      PageStore store, boolean readOnly, boolean wireZstd, ServerMetrics metrics) {
    this.store = store;
    this.readOnly = readOnly;
    this.batches = new BatchEndpoints(store, wireZstd, metrics);
    this.commits = new CommitEndpoint(store, metrics);
  }

  public List<Route> routes() {
    return List.of(
        Route.of("/stat", this::stat),
        Route.of("/stat_group", this::statGroup),
        Route.of("/batch/read", batches::read),
        Route.of("/batch/write", x -> batches.write(refuseOnReplica(x))),
        Route.of("/batch/commit", x -> commits.commit(refuseOnReplica(x))),
        Route.of("/time2version", this::time2version),
        Route.of("/nslock/acquire", x -> acquireLock(refuseOnReplica(x))),
        Route.of("/nslock/release", x -> releaseLock(refuseOnReplica(x))),
        Route.of("/lease/renew", x -> renewLease(refuseOnReplica(x))));
  }

  private void stat(Exchange x) {
    NamespaceRef ns = NamespaceHeaders.required(x);
    String from = x.query("from_version");
    Version fromVersion = from == null || from.isEmpty() ? null : Version.parse(from);
    String owner = x.query("lock_owner");
    // causal_read_risky is accepted and has no effect: reads are always causally consistent here.
    StatResult r = store.stat(ns, fromVersion, owner == null || owner.isEmpty() ? null : owner);
    x.sendJson(200, new JsonBodies.StatResponse(r.version(), "", r.readOnly(), r.interval()));
  }

  /**
   * {@code POST /stat_group} (mvSQLite extension, docs/http-api.md): {@code /stat} of several
   * namespaces at one snapshot, for serializable commit groups. Allowed on a read-only replica,
   * like {@code /stat}.
   */
  private void statGroup(Exchange x) {
    JsonBodies.StatGroupRequest req = x.jsonBody(JsonBodies.StatGroupRequest.class);
    if (req == null || req.namespaces() == null) {
      throw new MvException(
          ErrorCode.MALFORMED_REQUEST, "stat_group needs {\"namespaces\": [{\"key\": …}, …]}");
    }
    List<StatQuery> queries = new ArrayList<>(req.namespaces().size());
    for (JsonBodies.StatGroupEntry e : req.namespaces()) {
      if (e == null || e.key() == null || !NamespaceHeaders.isVisibleAscii(e.key())) {
        throw new MvException(
            ErrorCode.INVALID_NAMESPACE_KEY,
            "stat_group: every entry needs a \"key\" of visible" + " ASCII");
      }
      if (e.hashproof() != null && !NamespaceHeaders.isVisibleAscii(e.hashproof())) {
        throw new MvException(
            ErrorCode.INVALID_NAMESPACE_KEY, "stat_group: a \"hashproof\" must be visible ASCII");
      }
      String owner = e.lockOwner() == null || e.lockOwner().isEmpty() ? null : e.lockOwner();
      queries.add(new StatQuery(new NamespaceRef(e.key(), e.hashproof()), e.fromVersion(), owner));
    }
    List<JsonBodies.StatResponse> out = new ArrayList<>(queries.size());
    for (StatResult r : store.statGroup(queries)) {
      out.add(new JsonBodies.StatResponse(r.version(), "", r.readOnly(), r.interval()));
    }
    x.sendJson(200, new JsonBodies.StatGroupResponse(out));
  }

  private void time2version(Exchange x) {
    String t = x.query("t");
    long seconds;
    try {
      seconds = Long.parseUnsignedLong(t == null ? "" : t.trim());
    } catch (NumberFormatException e) {
      throw new MvException(
          ErrorCode.MALFORMED_REQUEST, "time2version needs t=<unix seconds>, got: " + t);
    }
    Time2VersionResult r = store.time2version(seconds);
    x.sendJson(200, new JsonBodies.Time2VersionResponse(body(r.after()), body(r.notAfter())));
  }

  private void acquireLock(Exchange x) {
    NamespaceRef ns = NamespaceHeaders.required(x);
    JsonBodies.LockAcquireRequest req = x.jsonBody(JsonBodies.LockAcquireRequest.class);
    switch (store.acquireLock(ns, requireOwner(req.owner()), req.version())) {
      case LockAcquireOutcome.Acquired a -> x.sendEmpty(201);
      case LockAcquireOutcome.HeldByOther h -> {
        if (h.owner() != null && NamespaceHeaders.isVisibleAscii(h.owner())) {
          x.responseHeader(LOCK_OWNER_HEADER, h.owner());
        }
        x.responseHeader(ErrorReplies.ERROR_HEADER, ErrorCode.NAMESPACE_LOCKED.name());
        x.sendText(409, "namespace is locked by another owner");
      }
    }
  }

  private void releaseLock(Exchange x) {
    NamespaceRef ns = NamespaceHeaders.required(x);
    JsonBodies.LockReleaseRequest req = x.jsonBody(JsonBodies.LockReleaseRequest.class);
    String owner = requireOwner(req.owner());
    LockReleaseMode mode = LockReleaseMode.parse(req.mode());
    store.releaseLock(ns, owner, mode);
    x.sendEmpty(mode == LockReleaseMode.COMMIT ? 201 : 200);
  }

  private void renewLease(Exchange x) {
    NamespaceRef ns = NamespaceHeaders.required(x);
    LeaseId lease = lease(x);
    if (lease == null) {
      throw new MvException(
          ErrorCode.MALFORMED_REQUEST, "this operation requires x-txn-lease: <32 hex digits>");
    }
    store.renewLease(ns, lease);
    x.sendEmpty(200);
  }

  /**
   * The request's {@code x-txn-lease}, or {@code null}; a malformed one is {@link
   * ErrorCode#MALFORMED_REQUEST}.
   */
  static LeaseId lease(Exchange x) {
    String hex = x.header(LEASE_HEADER);
    return hex == null ? null : LeaseId.parse(hex.trim());
  }

  private Exchange refuseOnReplica(Exchange x) {
    if (readOnly) {
      throw new MvException(
          ErrorCode.READ_ONLY,
          "this mvstore is a read-only replica (--read-only): send writes, commits and namespace locks to a"
              + " writable mvstore");
    }
    return x;
  }

  private static String requireOwner(String owner) {
    if (owner == null) {
      throw new MvException(
          ErrorCode.INVALID_OWNER, "invalid owner: the body needs \"owner\": \"<name>\"");
    }
    return owner;
  }

  private static JsonBodies.TimePointBody body(TimePoint p) {
    return p == null ? null : new JsonBodies.TimePointBody(p.version(), p.time());
  }
}
