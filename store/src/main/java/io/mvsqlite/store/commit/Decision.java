package io.mvsqlite.store.commit;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.Version;
import java.util.List;

/**
 * How a commit path ended, before the engine computes the changelog answer: committed (now, or by
 * an earlier attempt with the same idempotency key), or rejected with an outcome that changed
 * nothing.
 */
sealed interface Decision {

  /**
   * Committed at {@code version}.
   *
   * @param namespaceIds the resolved id of every namespace of the request, in request order
   */
  record Committed(Version version, List<Version> namespaceIds) implements Decision {}

  /**
   * Nothing committed: {@link CommitOutcome.Conflict} or {@link CommitOutcome.BadPageReference}.
   */
  record Rejected(CommitOutcome outcome) implements Decision {}

  static Rejected conflict(String reason) {
    return new Rejected(new CommitOutcome.Conflict(reason));
  }

  static Rejected badReference(String detail) {
    return new Rejected(new CommitOutcome.BadPageReference(detail));
  }
}
