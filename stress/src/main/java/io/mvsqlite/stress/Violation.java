package io.mvsqlite.stress;

import io.mvsqlite.protocol.Version;

/**
 * A broken guarantee, with everything needed to find it again: the run's seed, the task and
 * transaction, the versions involved and the page. Any violation fails the run.
 *
 * @param kind which guarantee
 * @param seed the run's seed
 * @param task the task that saw it, or -1 (a background worker, the final sweep)
 * @param txn the task's transaction serial number, or -1
 * @param version the transaction's read version (or the commit version, for commit checks), or
 *     {@code null}
 * @param page the page concerned, or -1
 * @param other the other version involved (the conflicting commit, the expected page version, ...),
 *     or {@code null}
 * @param detail what was expected and what was seen
 */
public record Violation(
    Kind kind,
    long seed,
    int task,
    long txn,
    Version version,
    int page,
    Version other,
    String detail) {

  /** The guarantees the tester checks. */
  public enum Kind {
    /**
     * A read returned something else than the newest committed write at or below the transaction's
     * version.
     */
    SNAPSHOT_READ,
    /** A transaction read back one of its own uploads and got other bytes. */
    READ_YOUR_WRITES,
    /** An upload answered a hash that is not the BLAKE3 of the page sent. */
    UPLOAD_HASH,
    /** A commit succeeded although another commit changed a page it read after its base version. */
    SERIALIZABILITY,
    /**
     * A commit without a read set succeeded although another commit landed after its base version.
     */
    NAMESPACE_SERIALIZABILITY,
    /** Two commits were acknowledged with the same version. */
    DUPLICATE_VERSION,
    /**
     * A commit got a version not above its base, or not above a commit acknowledged before it was
     * sent (commit versions must increase in real time).
     */
    COMMIT_ORDER,
    /** {@code /stat} answered a version older than a commit acknowledged before it was asked. */
    STALE_STAT,
    /** {@code /stat} answered a version that no acknowledged commit produced. */
    PHANTOM_VERSION,
    /** A read at a retained (pinned) version failed as truncated. */
    RETAINED_VERSION_TRUNCATED,
    /** A read below a truncation watermark succeeded. */
    TRUNCATION_NOT_ENFORCED,
    /** A page version's content is gone (the server reported corrupt data). */
    CONTENT_MISSING,
    /** Uploads of a transaction holding a live lease were collected (410). */
    LEASE_NOT_HONOURED,
    /** A published staged commit was still unmerged long after the run ended. */
    STAGED_LEFTOVER
  }

  /** One line with every field. */
  public String describe() {
    return kind
        + " (seed "
        + seed
        + (task >= 0 ? ", task " + task : "")
        + (txn >= 0 ? ", txn " + txn : "")
        + (version != null ? ", version " + version : "")
        + (page >= 0 ? ", page " + page : "")
        + (other != null ? ", other version " + other : "")
        + "): "
        + detail;
  }

  @Override
  public String toString() {
    return describe();
  }
}
