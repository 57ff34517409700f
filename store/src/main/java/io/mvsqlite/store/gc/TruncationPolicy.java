package io.mvsqlite.store.gc;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.Time2VersionResult;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.time.TimeMapper;

/**
 * The minimum-age policy of truncations ({@code truncateMinAgeSeconds}, the reference's {@code
 * --truncate-min-age-seconds}, §4): with a minimum age N &gt; 0, a truncation, dry runs included,
 * may only remove history older than N seconds, i.e. its {@code before} must not be newer than the
 * newest timekeeper point recorded before {@code now - N}. 0 turns the policy off.
 *
 * <p>The three refusals are {@link ErrorCode#TRUNCATION_REFUSED} (403): N reaches back before the
 * epoch; no time2version point exists before the cutoff (the timekeeper has not run long enough);
 * {@code before} is too new (the message names the newest allowed version). Thread-safe: immutable.
 */
public final class TruncationPolicy {

  private final long minAgeSeconds;
  private final TimeMapper times;
  private final StoreContext ctx;

  public TruncationPolicy(StoreContext ctx) {
    this.ctx = ctx;
    this.minAgeSeconds = ctx.config().truncateMinAgeSeconds();
    this.times = new TimeMapper(ctx.kv(), ctx.keys(), ctx.clock(), ctx.config().readOnly());
  }

  /**
   * Accepts a truncation below {@code before}, or refuses it.
   *
   * @throws MvException {@link ErrorCode#TRUNCATION_REFUSED} saying which limit applies
   */
  public void check(Version before) {
    if (minAgeSeconds <= 0) {
      return;
    }
    long now = ctx.nowSecs();
    if (now <= minAgeSeconds) {
      throw new MvException(
          ErrorCode.TRUNCATION_REFUSED,
          "truncation refused: --truncate-min-age-seconds ("
              + minAgeSeconds
              + ") exceeds the current unix time");
    }
    Time2VersionResult points = times.time2version(now - minAgeSeconds);
    if (points.after() == null) {
      throw new MvException(
          ErrorCode.TRUNCATION_REFUSED,
          "truncation refused: no time2version history before the cutoff (nothing is older than "
              + minAgeSeconds
              + " s yet)");
    }
    Version newestAllowed = points.after().version();
    if (before.isAfter(newestAllowed)) {
      throw new MvException(
          ErrorCode.TRUNCATION_REFUSED,
          "truncation refused: before_version is younger than --truncate-min-age-seconds ("
              + minAgeSeconds
              + " s); the newest allowed is "
              + newestAllowed.hex());
    }
  }
}
