package io.mvsqlite.server.http;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.protocol.wire.JsonBodies;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/truncate_namespace} and {@code /api/delete_unreferenced_content} (reference §4, §8):
 * long tasks that stream their progress as text, one line with the cumulative count per progress
 * report, then {@code DONE}, or {@code ERROR <message>} if the task failed after it started.
 *
 * <p>Everything that can be checked is checked before the {@code 200} goes out, so those failures
 * get a proper status: the body ({@code 400}), the namespace ({@code 404}, where the reference
 * answered content GC with 400), the version ({@code 400 BAD_VERSION}, where the reference answered
 * 500) and the minimum-age policy ({@code 403}).
 *
 * <p>The task runs on the request's thread. When the client disconnects, the next progress line
 * fails to write and the failure propagates out of the engine's progress callback, which stops the
 * task, as the reference's cancellation did. Thread-safe: immutable.
 */
public final class HistoryEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryEndpoints.class);

  /**
   * The engine's minimum-age policy of truncations, checked before the answer starts (the engine
   * checks it again when the truncation runs; asking it first turns a refusal into a proper 403
   * instead of an ERROR line).
   */
  @FunctionalInterface
  public interface TruncationCheck {
    /**
     * Accepts a truncation below {@code before}, or throws {@link ErrorCode#TRUNCATION_REFUSED}.
     */
    void check(Version before);
  }

  /** A task that reports cumulative progress. */
  @FunctionalInterface
  private interface Task {
    void run(LongConsumer progress);
  }

  private final NamespaceAdmin admin;
  private final TruncationCheck policy;

  public HistoryEndpoints(NamespaceAdmin admin, TruncationCheck policy) {
    this.admin = admin;
    this.policy = policy;
  }

  public List<Route> routes() {
    return List.of(
        Route.of("/api/truncate_namespace", this::truncate),
        Route.of("/api/delete_unreferenced_content", this::deleteUnreferencedContent));
  }

  private void truncate(Exchange x) {
    JsonBodies.TruncateRequest req = x.jsonBody(JsonBodies.TruncateRequest.class);
    String key = AdminEndpoints.required(req.key(), "key");
    Version before = req.beforeVersion();
    if (before == null) {
      throw new MvException(
          ErrorCode.BAD_VERSION, "the JSON body needs \"before_version\": \"<20 hex digits>\"");
    }
    admin.stat(key);
    policy.check(before);
    stream(
        x,
        "truncate_namespace " + key,
        progress -> admin.truncate(key, before, req.apply(), progress));
  }

  private void deleteUnreferencedContent(Exchange x) {
    JsonBodies.ContentGcRequest req = x.jsonBody(JsonBodies.ContentGcRequest.class);
    String key = AdminEndpoints.required(req.key(), "key");
    admin.stat(key);
    stream(
        x,
        "delete_unreferenced_content " + key,
        progress -> admin.deleteUnreferencedContent(key, req.apply(), progress));
  }

  private static void stream(Exchange x, String what, Task task) {
    OutputStream out = x.startStream(200, "text/plain; charset=utf-8");
    try {
      task.run(count -> line(out, Long.toString(count)));
      line(out, "DONE");
    } catch (RuntimeException e) {
      Exchange.ClientGone gone = clientGone(e);
      if (gone != null) {
        // Also when the engine wrapped what its progress callback threw.
        LOG.info("{}: client disconnected, task stopped", what);
        throw gone;
      }
      MvException mv = ErrorReplies.translate(e);
      if (mv.code() == ErrorCode.INTERNAL) {
        LOG.error("{} failed", what, e);
      } else {
        LOG.warn("{} failed: {} {}", what, mv.code(), mv.getMessage());
      }
      line(out, "ERROR " + mv.getMessage());
    }
    x.finishStream();
  }

  private static Exchange.ClientGone clientGone(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof Exchange.ClientGone gone) {
        return gone;
      }
    }
    return null;
  }

  private static void line(OutputStream out, String text) {
    try {
      out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new Exchange.ClientGone(e);
    }
  }
}
