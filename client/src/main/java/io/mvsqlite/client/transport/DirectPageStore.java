package io.mvsqlite.client.transport;

import io.mvsqlite.protocol.ForwardingPageStore;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.PageStore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * "Direct mode": the data plane of an engine running in this process ({@code MvStore.pageStore()}),
 * without HTTP. A handle from {@link DirectStores#acquire}; {@link #close()} gives it back (the
 * last handle closes the store). Calls are single attempts like every {@link PageStore}; failures
 * are already {@code MvException}s.
 *
 * <p>Thread-safe. Using a handle after closing it is a bug and fails with {@link
 * IllegalStateException}.
 */
public final class DirectPageStore extends ForwardingPageStore implements AutoCloseable {

  private final DirectStores.Shared shared;
  private final AtomicBoolean closed = new AtomicBoolean();

  DirectPageStore(DirectStores.Shared shared) {
    super(null);
    this.shared = shared;
  }

  @Override
  protected PageStore delegate() {
    if (closed.get()) {
      throw new IllegalStateException("this direct-mode handle is closed");
    }
    return shared.engine.pageStore();
  }

  /** The engine's namespace admin API (create, fork, truncate, ...). */
  public NamespaceAdmin admin() {
    if (closed.get()) {
      throw new IllegalStateException("this direct-mode handle is closed");
    }
    return shared.engine.admin();
  }

  /** Gives the handle back; the last handle on a location closes its store. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      DirectStores.release(shared);
    }
  }

  @Override
  public String toString() {
    return "DirectPageStore[" + shared.location + "]";
  }
}
