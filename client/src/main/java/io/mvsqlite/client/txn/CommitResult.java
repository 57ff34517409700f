package io.mvsqlite.client.txn;

import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.Version;

/** What committing a connection's write transaction led to. */
public sealed interface CommitResult {

  /**
   * The server committed the transaction at {@code version}: {@code pages} page entries, of which
   * {@code uploadedPages} were uploaded in the background beforehand (the rest travelled inline),
   * under a transaction lease if {@code leased}.
   */
  record Committed(Version version, int pages, long uploadedPages, boolean leased)
      implements CommitResult {}

  /**
   * Inside a commit group: the transaction's {@code pages} page entries were uploaded and handed to
   * the group, not committed; the group's commit makes them visible, or its rollback drops them.
   */
  record Staged(int pages) implements CommitResult {}

  /**
   * Nothing to commit: every page written holds its content of the snapshot. The server was not
   * asked.
   */
  record Unchanged() implements CommitResult {}

  /** Another transaction changed what this one read; nothing was committed. */
  record Conflict(String reason) implements CommitResult {}

  /**
   * The commit failed for another reason: a bad page reference, too many pages, a read-only server
   * (nothing was committed), or retries that ran past the deadline ({@code DEADLINE_EXCEEDED}: the
   * outcome is then unknown, the next transaction's snapshot shows it).
   */
  record Failed(MvException error) implements CommitResult {}
}
