package io.mvsqlite.store.time;

import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.TransactionOption;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.Time2VersionResult;
import io.mvsqlite.protocol.TimePoint;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.keys.KeyCodec;
import java.time.InstantSource;
import java.util.List;

/**
 * {@code /time2version} (reference §3.5, §7): maps a wall-clock second to versions, from the points
 * the {@link Timekeeper} records every few seconds.
 *
 * <ul>
 *   <li>{@code t = 0} means now: {@code after = rv || ffff} (everything committed so far) at the
 *       current time, and {@code not_after = (rv + 1) || 0000} one second later, where rv is a
 *       fresh KV read version.
 *   <li>Otherwise {@code after} is the recorded point with the largest time strictly before {@code
 *       t}, and {@code not_after} the one with the smallest time at or after {@code t}; either may
 *       be absent. A point whose value is not a 10-byte version is treated as absent.
 * </ul>
 *
 * <p>One KV transaction, a single attempt. Thread-safe.
 */
public final class TimeMapper {

  private final KvStore kv;
  private final KeyCodec keys;
  private final InstantSource clock;
  private final boolean readOnly;

  public TimeMapper(KvStore kv, KeyCodec keys, InstantSource clock, boolean readOnly) {
    this.kv = kv;
    this.keys = keys;
    this.clock = clock;
    this.readOnly = readOnly;
  }

  /**
   * @param unixSeconds the time to map, or 0 for now
   */
  public Time2VersionResult time2version(long unixSeconds) {
    if (unixSeconds < 0) {
      throw new MvException(
          ErrorCode.MALFORMED_REQUEST, "t must be a non-negative number of unix seconds");
    }
    try (KvTransaction tr = kv.createTransaction()) {
      tr.setOption(TransactionOption.CAUSAL_READ_RISKY);
      if (readOnly) {
        tr.setOption(TransactionOption.READ_LOCK_AWARE);
      }
      if (unixSeconds == 0) {
        long rv = tr.getReadVersion();
        long now = clock.instant().getEpochSecond();
        return new Time2VersionResult(
            new TimePoint(Version.atReadVersion(rv), now),
            new TimePoint(Version.of(rv + 1, 0), now + 1));
      }
      List<KeyValue> before =
          tr.snapshot().getRange(keys.time2version(0), keys.time2version(unixSeconds), 1, true);
      List<KeyValue> atOrAfter =
          tr.snapshot().getRange(keys.time2version(unixSeconds), keys.time2version(-1L), 1, false);
      return new Time2VersionResult(point(before), point(atOrAfter));
    }
  }

  private TimePoint point(List<KeyValue> kvs) {
    if (kvs.isEmpty() || kvs.getFirst().value().length != Version.LENGTH) {
      return null;
    }
    KeyValue kv = kvs.getFirst();
    return new TimePoint(new Version(kv.value()), keys.decodeTime2version(kv.key()));
  }
}
