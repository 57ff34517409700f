package io.mvsqlite.protocol;

/**
 * The answer to {@code /time2version?t=T}: {@code after} is the newest recorded point strictly
 * before T (read there to see the database as of T, with the timekeeper's ~5 s resolution), {@code
 * notAfter} the oldest at or after T. Either may be {@code null}.
 */
public record Time2VersionResult(TimePoint after, TimePoint notAfter) {}
