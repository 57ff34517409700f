package io.mvsqlite.stress;

import io.mvsqlite.kv.FaultKind;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.PageStore;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A {@link StressTarget} whose data plane and admin API pass through wrappers (tests break them on
 * purpose).
 */
final class WrappedTarget implements StressTarget {

  private final StressTarget delegate;
  private final PageStore pageStore;
  private final NamespaceAdmin admin;

  WrappedTarget(
      StressTarget delegate, UnaryOperator<PageStore> store, UnaryOperator<NamespaceAdmin> admin) {
    this.delegate = delegate;
    this.pageStore = store.apply(delegate.pageStore());
    this.admin = delegate.admin() == null ? null : admin.apply(delegate.admin());
  }

  @Override
  public PageStore pageStore() {
    return pageStore;
  }

  @Override
  public NamespaceAdmin admin() {
    return admin;
  }

  @Override
  public String describe() {
    return "wrapped " + delegate.describe();
  }

  @Override
  public Map<FaultKind, Long> faultsInjected() {
    return delegate.faultsInjected();
  }

  @Override
  public int stagedThreshold() {
    return delegate.stagedThreshold();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
