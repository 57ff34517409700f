package io.mvsqlite.stress;

import io.mvsqlite.client.transport.HttpPageStore;
import io.mvsqlite.kv.FaultKind;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.PageStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A running mvstore, reached over HTTP ({@link HttpPageStore}, {@link HttpNamespaceAdmin}).
 * Thread-safe.
 */
final class RemoteTarget implements StressTarget {

  private final StressConfig.Remote remote;
  private final PageStore pageStore;
  private final NamespaceAdmin admin;

  RemoteTarget(StressConfig.Remote remote, Duration httpTimeout) {
    this.remote = remote;
    this.pageStore = new HttpPageStore(List.of(remote.dataPlane()), httpTimeout, false);
    this.admin =
        remote.adminApi() == null
            ? null
            : new HttpNamespaceAdmin(remote.adminApi(), remote.adminToken(), httpTimeout);
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
    return "mvstore at "
        + remote.dataPlane()
        + (remote.adminApi() == null ? " (no admin API)" : ", admin API " + remote.adminApi());
  }

  @Override
  public Map<FaultKind, Long> faultsInjected() {
    return Map.of();
  }

  @Override
  public int stagedThreshold() {
    return -1;
  }

  @Override
  public void close() {
    // Nothing was started: the HTTP clients are shared and need no closing.
  }
}
