package io.mvsqlite.store;

import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvFutures;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.util.function.Supplier;

/**
 * The one place where KV failures become {@link MvException}s (STYLE rule 13).
 *
 * <ul>
 *   <li>Retryable KV errors (conflicts, too-old or future read versions, unknown commit results,
 *       transient backend trouble) become {@link ErrorCode#TRANSIENT}: the client may send the same
 *       request again. Data-plane operations are single attempts, so this is how a KV conflict
 *       reaches the client.
 *   <li>{@code BACKEND_FAILURE} and {@code STORE_CLOSED} become {@link
 *       ErrorCode#BACKEND_UNAVAILABLE}.
 *   <li>Everything else (the size limits, unreadable keys, misuse of a transaction) must never
 *       happen by design and becomes {@link ErrorCode#INTERNAL} with the KV error's detail: a bug
 *       to fix, never retried.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class KvErrors {

  private KvErrors() {}

  public static MvException map(KvException e) {
    if (e.isRetryable()) {
      return new MvException(
          ErrorCode.TRANSIENT, "storage transaction failed, retry: " + e.error(), e);
    }
    return switch (e.error()) {
      case BACKEND_FAILURE, STORE_CLOSED ->
          new MvException(
              ErrorCode.BACKEND_UNAVAILABLE, "storage backend unavailable: " + e.error(), e);
      default ->
          new MvException(ErrorCode.INTERNAL, "storage invariant violated: " + e.getMessage(), e);
    };
  }

  /**
   * The {@link MvException} for any failure of an engine operation: an {@link MvException} as is, a
   * {@link KvException} mapped, completion wrappers removed, and any other exception as {@link
   * ErrorCode#INTERNAL}.
   */
  public static MvException translate(Throwable t) {
    RuntimeException e = KvFutures.unwrap(t);
    if (e instanceof MvException mv) {
      return mv;
    }
    if (e instanceof KvException kv) {
      return map(kv);
    }
    return new MvException(ErrorCode.INTERNAL, "unexpected failure: " + e, e);
  }

  /** Runs {@code body} and translates whatever it throws with {@link #translate}. */
  public static <T> T translating(Supplier<T> body) {
    try {
      return body.get();
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  /** {@link #translating(Supplier)} for bodies without a result. */
  public static void translating(Runnable body) {
    translating(
        () -> {
          body.run();
          return null;
        });
  }
}
