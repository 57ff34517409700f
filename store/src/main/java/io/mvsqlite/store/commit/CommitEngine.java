package io.mvsqlite.store.commit;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.MvException;

/**
 * Commits transactions: the three paths of docs/commit-protocol.md (one KV transaction, two phases,
 * staged). The facade's {@code PageStore.commit} delegates here; the engine's default is {@link
 * KvCommitEngine}.
 *
 * <p>Contract: a single request per call (the client retries with the same idempotency key);
 * expected outcomes are returned as {@link CommitOutcome}, failures thrown as {@link MvException}
 * (KV failures mapped by {@code KvErrors}). Implementations are thread-safe and are built from the
 * engine's {@code StoreContext}.
 */
@FunctionalInterface
public interface CommitEngine {

  CommitOutcome commit(CommitRequest request);
}
