package io.mvsqlite.protocol;

import java.util.Map;

/** What a commit can lead to, besides an {@link MvException}. */
public sealed interface CommitOutcome {

  /**
   * Committed at {@code version}. {@code changelog} maps namespace keys to the pages changed by
   * other commits between that namespace's base version and this commit; a namespace missing from
   * it means "unknown" (drop the cache).
   */
  record Committed(Version version, Map<String, int[]> changelog) implements CommitOutcome {}

  /**
   * Nothing committed: another commit changed what this transaction read. {@code reason} is for
   * logs.
   */
  record Conflict(String reason) implements CommitOutcome {}

  /**
   * Nothing committed: a referenced page hash was never uploaded to that namespace, or was
   * collected.
   */
  record BadPageReference(String detail) implements CommitOutcome {}
}
