package io.mvsqlite.stress;

import io.mvsqlite.kv.FaultKind;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.PageStore;
import java.util.Map;

/**
 * What a stress run drives: a data plane, the admin API behind it (if known), and the counters of
 * the faults injected under it. The tester retries transient failures itself ({@code
 * RetryingPageStore}), so {@link #pageStore()} makes single attempts.
 *
 * <p>Implementations are thread-safe. {@link #close()} stops whatever the target started (a server,
 * an engine) and deletes a temporary store directory.
 */
public interface StressTarget extends AutoCloseable {

  /** The data plane: single attempts, failures as {@code MvException}s. */
  PageStore pageStore();

  /**
   * The admin API, or {@code null} when it is unknown (then no truncation and no content GC run).
   */
  NamespaceAdmin admin();

  /** For the report: what is driven, and how. */
  String describe();

  /**
   * The faults injected so far under the engine, by kind; empty when nothing is injected or it is
   * unknown.
   */
  Map<FaultKind, Long> faultsInjected();

  /**
   * The engine's staged-commit threshold if this target started the engine (commits above it are
   * staged), else {@code -1}.
   */
  int stagedThreshold();

  @Override
  void close();

  /**
   * Opens the target of {@code config}: connects to a running server, or starts a server or an
   * engine.
   */
  static StressTarget open(StressConfig config) {
    return switch (config.target()) {
      case StressConfig.Remote r -> new RemoteTarget(r, config.httpTimeout());
      case StressConfig.InProcessServer s -> InProcessServerTarget.start(s, config.httpTimeout());
      case StressConfig.Direct d -> DirectTarget.open(d);
    };
  }
}
