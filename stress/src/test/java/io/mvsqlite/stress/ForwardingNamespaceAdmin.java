package io.mvsqlite.stress;

import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.NamespaceInfo;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.Version;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/** A {@link NamespaceAdmin} that forwards everything; tests override what they break. */
class ForwardingNamespaceAdmin implements NamespaceAdmin {

  protected final NamespaceAdmin delegate;

  ForwardingNamespaceAdmin(NamespaceAdmin delegate) {
    this.delegate = delegate;
  }

  @Override
  public void create(String key, NamespaceMetadata.OverlayBase overlayBase) {
    delegate.create(key, overlayBase);
  }

  @Override
  public void fork(String baseKey, Version version, String newKey) {
    delegate.fork(baseKey, version, newKey);
  }

  @Override
  public void rename(String oldKey, String newKey) {
    delegate.rename(oldKey, newKey);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }

  @Override
  public void list(String prefix, Consumer<NamespaceInfo> sink) {
    delegate.list(prefix, sink);
  }

  @Override
  public NamespaceInfo stat(String key) {
    return delegate.stat(key);
  }

  @Override
  public long truncate(String key, Version before, boolean apply, LongConsumer progress) {
    return delegate.truncate(key, before, apply, progress);
  }

  @Override
  public long deleteUnreferencedContent(String key, boolean apply, LongConsumer progress) {
    return delegate.deleteUnreferencedContent(key, apply, progress);
  }
}
