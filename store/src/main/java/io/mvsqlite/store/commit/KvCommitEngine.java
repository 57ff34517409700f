package io.mvsqlite.store.commit;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.store.StoreContext;

/**
 * The commit engine over the KV store: validates a request ({@link CommitValidator}), writes it by
 * one of the three paths of docs/commit-protocol.md according to its page count ({@link
 * SingleTransactionCommit}, {@link TwoPhaseCommit}, {@link StagedCommit}), and answers with the
 * changelog ({@link ChangelogAnswer}).
 *
 * <p>Contract ({@link CommitEngine}): expected outcomes are returned (committed, conflict, bad page
 * reference); everything else is thrown, KV failures as {@code KvException} for the facade to
 * translate ({@code KvErrors}: retryable ones become {@code TRANSIENT}, and the client sends the
 * same request again with the same idempotency key, which finds the earlier commit if it landed).
 * Paths 1 and 2 make a single attempt; path 3 retries its own short transactions. Whatever fails,
 * nothing is ever half published. Thread-safe.
 */
public final class KvCommitEngine implements CommitEngine {

  private final StoreContext ctx;
  private final SingleTransactionCommit single;
  private final TwoPhaseCommit twoPhase;
  private final StagedCommit staged;
  private final ChangelogAnswer changelog;

  public KvCommitEngine(StoreContext ctx) {
    this(ctx, CommitHooks.NONE);
  }

  /**
   * An engine whose two-phase and staged commits report to {@code hooks} (tests stop it between
   * steps).
   */
  public KvCommitEngine(StoreContext ctx, CommitHooks hooks) {
    this.ctx = ctx;
    CommitChecks checks = new CommitChecks(ctx);
    CommitWriter writer = new CommitWriter(ctx);
    this.single = new SingleTransactionCommit(ctx, checks, writer);
    this.twoPhase = new TwoPhaseCommit(ctx, checks, writer, hooks);
    this.staged = new StagedCommit(ctx, checks, writer, hooks);
    this.changelog = new ChangelogAnswer(ctx);
  }

  @Override
  public CommitOutcome commit(CommitRequest request) {
    CommitPlan plan = CommitValidator.validate(request, ctx.config());
    Decision decision =
        switch (plan.path()) {
          case SINGLE -> single.run(plan);
          case TWO_PHASE -> twoPhase.run(plan);
          case STAGED -> staged.run(plan);
        };
    return switch (decision) {
      case Decision.Committed c ->
          new CommitOutcome.Committed(
              c.version(), changelog.answer(plan, c.namespaceIds(), c.version()));
      case Decision.Rejected r -> r.outcome();
    };
  }
}
