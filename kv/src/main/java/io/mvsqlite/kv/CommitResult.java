package io.mvsqlite.kv;

/**
 * The outcome of a successful commit: the commit version, and the versionstamp (commit version plus
 * batch order) that versionstamped mutations received. A read-only transaction reports its read
 * version and a {@code null} versionstamp.
 */
public record CommitResult(long version, Versionstamp versionstamp) {}
