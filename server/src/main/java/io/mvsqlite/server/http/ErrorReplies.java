package io.mvsqlite.server.http;

import io.mvsqlite.kv.KvException;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.store.KvErrors;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exception mapper of both listeners (STYLE rule 14): turns whatever an endpoint throws
 * into an answer.
 *
 * <ul>
 *   <li>{@link MvException}: its {@link ErrorCode#httpStatus()}, a short text body (the message and
 *       a newline; the engine's messages are the reference's texts where the reference has one,
 *       e.g. "this key already exists", and say how to fix the problem where they can) and the
 *       header {@value #ERROR_HEADER}{@code : <code name>}.
 *   <li>{@link KvException}: mapped once, by the store's {@link KvErrors} (retryable &rarr; 500
 *       TRANSIENT, backend gone &rarr; 503, anything else a bug &rarr; 500 INTERNAL).
 *   <li>Anything else: 500 {@link ErrorCode#INTERNAL}, logged with its stack trace. The server
 *       never dies of it.
 *   <li>{@link Exchange.ClientGone}: nothing to answer; the exchange is aborted quietly.
 * </ul>
 *
 * <p>When the answer is already streaming, the status can no longer change: the exchange is aborted
 * so the client sees a truncated answer, never a clean one. Thread-safe (stateless apart from the
 * metrics it feeds).
 */
public final class ErrorReplies {

  /** The response header naming the {@link ErrorCode} of an error answer (mvSQLite extension). */
  public static final String ERROR_HEADER = "x-mvsqlite-error";

  private static final Logger LOG = LoggerFactory.getLogger(ErrorReplies.class);

  private final ServerMetrics metrics;

  public ErrorReplies(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  /** Answers {@code x} with the error {@code failure}. */
  public void reply(Exchange x, Throwable failure) {
    if (failure instanceof Exchange.ClientGone) {
      LOG.debug("client went away during {}", x.path());
      x.abort(failure);
      return;
    }
    MvException mv = translate(failure);
    ErrorCode code = mv.code();
    KvException kv = kvCause(failure);
    if (kv != null) {
      metrics.kvError(kv.error().name());
    }
    metrics.error(code);
    log(x, mv, failure);
    if (x.isCommitted() || x.isCompleted()) {
      x.abort(mv);
      return;
    }
    String text = (mv.getMessage() == null ? code.name() : mv.getMessage()) + "\n";
    x.responseHeader(ERROR_HEADER, code.name());
    x.send(code.httpStatus(), "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  private static void log(Exchange x, MvException mv, Throwable original) {
    ErrorCode code = mv.code();
    if (code == ErrorCode.INTERNAL || code == ErrorCode.DATA_CORRUPT) {
      LOG.error("{} failed: {} {}", x.path(), code, mv.getMessage(), original);
    } else if (code.httpStatus() >= 500) {
      LOG.warn("{} failed: {} {}", x.path(), code, mv.getMessage());
    } else {
      LOG.debug("{} rejected: {} {}", x.path(), code, mv.getMessage());
    }
  }

  /**
   * Like {@link KvErrors#translate}, but checked exceptions and errors are bugs here (500), not
   * backend failures.
   */
  static MvException translate(Throwable t) {
    Throwable u = t;
    while ((u instanceof CompletionException || u instanceof ExecutionException)
        && u.getCause() != null) {
      u = u.getCause();
    }
    if (u instanceof MvException mv) {
      return mv;
    }
    if (u instanceof KvException kv) {
      return KvErrors.map(kv);
    }
    return new MvException(ErrorCode.INTERNAL, "internal error: " + u, u);
  }

  private static KvException kvCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof KvException kv) {
        return kv;
      }
    }
    return null;
  }
}
