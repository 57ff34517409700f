package io.mvsqlite.protocol;

import java.util.List;

/**
 * A commit of one or more namespaces (several make a commit group: all or nothing).
 *
 * @param idempotencyKey drawn once per logical commit, sent again on every retry
 * @param allowSkipIdempotencyCheck true only on the first attempt
 * @param lockOwner the namespace-lock owner the committer claims to be, or {@code null}
 * @param lease the transaction lease that protected the uploads, released by the commit, or {@code
 *     null}
 * @param sharedSnapshot mvSQLite extension for commit groups: all namespaces were read at one
 *     snapshot, so the group is checked as one serializable transaction (see docs/commit-groups.md)
 */
public record CommitRequest(
    IdempotencyKey idempotencyKey,
    boolean allowSkipIdempotencyCheck,
    String lockOwner,
    LeaseId lease,
    boolean sharedSnapshot,
    List<NamespaceCommit> namespaces) {

  public int totalPages() {
    int n = 0;
    for (NamespaceCommit ns : namespaces) {
      n += ns.pages().size();
    }
    return n;
  }
}
