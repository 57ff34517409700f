package io.mvsqlite.server.http;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.NamespaceInfo;
import io.mvsqlite.protocol.wire.Json;
import io.mvsqlite.protocol.wire.JsonBodies;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * The namespace admin API (reference §4): create, fork (our extension), rename, delete, list, stat.
 * Truncation and content GC, which stream their progress, are in {@link HistoryEndpoints}.
 *
 * <p>Answers as the reference's: {@code 201 "created\n"}, {@code 200 "renamed\n"}, {@code 200
 * "deleted\n"}, errors with the engine's reference texts ({@code 422 "this key already exists\n"},
 * {@code 404 "this key does not exist\n"}, ...). Unlike the reference, malformed bodies are 400
 * rather than 500, and a missing field is named.
 *
 * <p>Thread-safe: immutable.
 */
public final class AdminEndpoints {

  private final NamespaceAdmin admin;

  public AdminEndpoints(NamespaceAdmin admin) {
    this.admin = admin;
  }

  public List<Route> routes() {
    return List.of(
        Route.of("/api/create_namespace", this::create),
        Route.of("/api/fork_namespace", this::fork),
        Route.of("/api/rename_namespace", this::rename),
        Route.of("/api/delete_namespace", this::delete),
        Route.of("/api/list_namespace", this::list),
        Route.of("/api/stat_namespace", this::stat));
  }

  private void create(Exchange x) {
    JsonBodies.CreateNamespaceRequest req = x.jsonBody(JsonBodies.CreateNamespaceRequest.class);
    admin.create(required(req.key(), "key"), req.overlayBase());
    x.sendText(201, "created\n");
  }

  private void fork(Exchange x) {
    JsonBodies.ForkNamespaceRequest req = x.jsonBody(JsonBodies.ForkNamespaceRequest.class);
    admin.fork(
        required(req.baseKey(), "base_key"), req.version(), required(req.newKey(), "new_key"));
    x.sendText(201, "created\n");
  }

  private void rename(Exchange x) {
    JsonBodies.RenameNamespaceRequest req = x.jsonBody(JsonBodies.RenameNamespaceRequest.class);
    admin.rename(required(req.oldKey(), "old_key"), required(req.newKey(), "new_key"));
    x.sendText(200, "renamed\n");
  }

  private void delete(Exchange x) {
    JsonBodies.KeyRequest req = x.jsonBody(JsonBodies.KeyRequest.class);
    admin.delete(required(req.key(), "key"));
    x.sendText(200, "deleted\n");
  }

  private void stat(Exchange x) {
    JsonBodies.KeyRequest req = x.jsonBody(JsonBodies.KeyRequest.class);
    NamespaceInfo info = admin.stat(required(req.key(), "key"));
    x.sendJson(200, new JsonBodies.StatNamespaceResponse(info.key(), info.id(), info.metadata()));
  }

  /**
   * NDJSON, one {@code {"nskey","nsid"}} line per namespace. The answer starts with the first
   * namespace found, so a failure before it gets its proper status; a failure after it aborts the
   * answer (the client sees it cut off).
   */
  private void list(Exchange x) {
    String prefix = x.query("prefix");
    LazyStream lines = new LazyStream(x);
    admin.list(
        prefix == null ? "" : prefix,
        info -> lines.write(Json.write(new JsonBodies.ListEntry(info.key(), info.id()))));
    lines.finish();
  }

  static String required(String value, String field) {
    if (value == null) {
      throw new MvException(ErrorCode.MALFORMED_REQUEST, "the JSON body needs \"" + field + "\"");
    }
    return value;
  }

  /** An NDJSON answer whose status goes out with its first line. */
  private static final class LazyStream implements Consumer<byte[]> {
    private final Exchange x;
    private OutputStream out;

    LazyStream(Exchange x) {
      this.x = x;
    }

    void write(byte[] line) {
      accept(line);
    }

    @Override
    public void accept(byte[] line) {
      start();
      try {
        out.write(line);
        out.write('\n');
      } catch (IOException e) {
        throw new Exchange.ClientGone(e);
      }
    }

    void finish() {
      start();
      try {
        out.flush();
      } catch (IOException e) {
        throw new Exchange.ClientGone(e);
      }
      x.finishStream();
    }

    private void start() {
      if (out == null) {
        out = new BufferedOutputStream(x.startStream(200, "application/x-ndjson"), 16 * 1024);
      }
    }
  }
}
