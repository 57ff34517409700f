package io.mvsqlite.protocol;

/**
 * The answer to {@code /stat}: the snapshot version a new transaction reads at, whether the server
 * is a read-only replica, and the pages changed in {@code (fromVersion, version]} ({@code null}
 * when unknown or too many: the client then drops its whole cache).
 */
public record StatResult(Version version, boolean readOnly, int[] interval) {}
