package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.CommitResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A transaction ready for the group committer: everything it needs to check conflicts and apply the
 * writes, prepared in the committing thread. Immutable apart from {@link #outcome}, which the
 * committer completes exactly once.
 *
 * @param readVersion the read version, or {@link #NO_READ_VERSION} for blind writes (nothing to
 *     check)
 * @param readConflicts coalesced read conflict ranges, ascending
 * @param writeConflicts coalesced write conflict ranges, ascending
 * @param mutations the mutation log, in the order the transaction issued it
 * @param mutationBytes FoundationDB's size of {@code mutations}
 */
record CommitRequest(
    long readVersion,
    List<KeyRange> readConflicts,
    List<KeyRange> writeConflicts,
    List<Mutation> mutations,
    long mutationBytes,
    CompletableFuture<CommitResult> outcome) {

  static final long NO_READ_VERSION = -1;
}
