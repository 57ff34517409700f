package io.mvsqlite.store.commit;

import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.Version;

/**
 * Observation points inside two-phase and staged commits, for tests that stop the engine between
 * its steps (an exception thrown by a hook ends the commit there, as a crash of the server would:
 * nothing is cleaned up) and for instrumentation. Hooks run on the committing thread or on a
 * staging worker; implementations must be thread-safe. The defaults do nothing.
 */
public interface CommitHooks {

  /** Hooks that do nothing: the production setting. */
  CommitHooks NONE = new CommitHooks() {};

  /** Phase 1 of the two-phase commit {@code key} committed; phase 2 has not started. */
  default void afterFirstPhase(IdempotencyKey key) {}

  /** Every chunk of the staged commit {@code key} was staged; it is not published yet. */
  default void afterStaging(IdempotencyKey key) {}

  /**
   * The staged commit was published at {@code version} (it is committed); its merge has not
   * started.
   */
  default void afterPublish(Version version) {}

  /**
   * Chunk {@code chunk} of the merge of staged commit {@code version} of namespace {@code ns} was
   * copied.
   */
  default void afterMergeChunk(Version ns, Version version, int chunk) {}
}
