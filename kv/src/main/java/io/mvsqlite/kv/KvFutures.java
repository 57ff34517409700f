package io.mvsqlite.kv;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waiting on KV futures without wrapping their exceptions. */
public final class KvFutures {

  private KvFutures() {}

  /**
   * Waits for {@code f} and returns its value; a {@link RuntimeException} it failed with is
   * rethrown as is.
   */
  public static <T> T join(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KvException(KvError.TRANSACTION_CANCELLED, "interrupted", e);
    } catch (ExecutionException | CompletionException e) {
      throw unwrap(e.getCause() == null ? e : e.getCause());
    } catch (CancellationException e) {
      throw new KvException(KvError.TRANSACTION_CANCELLED, "future cancelled", e);
    }
  }

  /** The runtime exception behind a completion failure. */
  public static RuntimeException unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof RuntimeException re) {
      return re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return new KvException(KvError.BACKEND_FAILURE, t.toString(), t);
  }
}
