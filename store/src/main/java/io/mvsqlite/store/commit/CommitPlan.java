package io.mvsqlite.store.commit;

import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.LeaseId;
import java.util.List;

/**
 * A validated commit request, ready for one of the three paths. Immutable.
 *
 * @param lockOwner the namespace-lock owner the committer claims to be, or {@code null} (an empty
 *     owner is none)
 * @param lease the transaction lease to release, or {@code null}
 * @param totalPages page entries in the whole request, as sent (repetitions included): decides the
 *     path
 * @param plccEnabled page-level conflict checks are on for namespaces that sent a read set (path 1
 *     only, and only when the read sets of all namespaces add up to at most {@code
 *     plccReadSetSizeThreshold})
 */
record CommitPlan(
    IdempotencyKey idempotencyKey,
    String lockOwner,
    LeaseId lease,
    boolean sharedSnapshot,
    List<NamespacePlan> namespaces,
    int totalPages,
    CommitPath path,
    boolean plccEnabled) {

  /**
   * Whether {@code ns} is checked page by page (its read set) rather than namespace-wide (its
   * last-write version).
   */
  boolean plcc(NamespacePlan ns) {
    return plccEnabled && ns.readSet() != null;
  }

  /**
   * The staged path's commit id: the idempotency key, so that a retried request re-stages the same
   * keys.
   */
  byte[] commitId() {
    return idempotencyKey.bytes();
  }
}
