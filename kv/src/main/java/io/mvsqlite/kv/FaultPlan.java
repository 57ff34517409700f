package io.mvsqlite.kv;

/**
 * What a {@link FaultInjectingKvStore} injects, and how often. Each probability is per call, in
 * {@code [0, 1]}.
 *
 * <p>Reads ({@code get}, {@code getRange}, plain or snapshot) fail with {@link
 * KvError#NOT_COMMITTED} with probability {@code conflictProbability} and with {@link
 * KvError#TRANSIENT} with probability {@code transientProbability}. Commits fail with those two and
 * also with {@link KvError#COMMIT_UNKNOWN_RESULT}, in two flavours: after the delegate committed
 * ({@code unknownCommittedProbability}) or without committing ({@code
 * unknownNotCommittedProbability}).
 *
 * @param seed the seed of the one random sequence that decides every fault
 */
public record FaultPlan(
    long seed,
    double conflictProbability,
    double transientProbability,
    double unknownCommittedProbability,
    double unknownNotCommittedProbability) {

  public FaultPlan {
    check("conflictProbability", conflictProbability);
    check("transientProbability", transientProbability);
    check("unknownCommittedProbability", unknownCommittedProbability);
    check("unknownNotCommittedProbability", unknownNotCommittedProbability);
    double commitTotal =
        conflictProbability
            + transientProbability
            + unknownCommittedProbability
            + unknownNotCommittedProbability;
    if (commitTotal > 1.0) {
      throw new IllegalArgumentException(
          "the probabilities must add up to at most 1: " + commitTotal);
    }
  }

  /** A plan that injects nothing. */
  public static FaultPlan none(long seed) {
    return new FaultPlan(seed, 0, 0, 0, 0);
  }

  /** Every kind of fault with the same probability {@code p}. */
  public static FaultPlan uniform(long seed, double p) {
    return new FaultPlan(seed, p, p, p, p);
  }

  private static void check(String name, double p) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in [0, 1]: " + p);
    }
  }
}
