package io.mvsqlite.store.commit;

/** The three ways a commit is written (docs/commit-protocol.md), chosen by its total page count. */
enum CommitPath {
  /** Fewer than {@code commitMultiPhaseThreshold} pages: one KV transaction. */
  SINGLE,
  /**
   * From {@code commitMultiPhaseThreshold} to {@code commitStagedThreshold} pages: the reference's
   * two phases.
   */
  TWO_PHASE,
  /**
   * More than {@code commitStagedThreshold} pages: staged over many KV transactions, published by
   * one.
   */
  STAGED
}
