package io.mvsqlite.store.gc;

import io.mvsqlite.protocol.Version;

/**
 * What a truncation did (or, for a dry run, would do).
 *
 * @param before the effective watermark after clamping: reads at or after it are unchanged
 * @param pageVersionsDeleted page-index entries deleted (or that would be)
 * @param idempotencyRecordsDeleted idempotency records of commits older than {@code before} deleted
 *     (or that would be)
 * @param watermarkRaised whether the namespace's {@code truncated_before} was raised (never on a
 *     dry run)
 */
public record TruncationResult(
    Version before,
    long pageVersionsDeleted,
    long idempotencyRecordsDeleted,
    boolean watermarkRaised) {}
