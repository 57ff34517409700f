package io.mvsqlite.store.time;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.Time2VersionResult;
import io.mvsqlite.protocol.TimePoint;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreFixture;
import org.junit.jupiter.api.Test;

/** {@code /time2version} (reference §3.5, §7). */
class TimeMapperTest extends StoreFixture {

  private final Version v100 = Version.of(1000, 1);
  private final Version v200 = Version.of(2000, 2);

  private void record(long secs, byte[] value) {
    ctx.runner()
        .run(
            kv,
            tr -> {
              tr.set(keys.time2version(secs), value);
              return null;
            });
  }

  @Test
  void nowIsTheCurrentReadVersion() {
    long before;
    try (KvTransaction tr = kv.createTransaction()) {
      before = tr.getReadVersion();
    }
    Time2VersionResult r = pages.time2version(0);
    long rv = r.after().version().commitVersion();
    assertThat(rv).isGreaterThanOrEqualTo(before);
    assertThat(r.after()).isEqualTo(new TimePoint(Version.atReadVersion(rv), clock.epochSecond()));
    assertThat(r.notAfter())
        .isEqualTo(new TimePoint(Version.of(rv + 1, 0), clock.epochSecond() + 1));
  }

  @Test
  void afterIsStrictlyBeforeAndNotAfterIsAtOrAfter() {
    record(100, v100.bytes());
    record(200, v200.bytes());
    assertThat(pages.time2version(150))
        .isEqualTo(new Time2VersionResult(new TimePoint(v100, 100), new TimePoint(v200, 200)));
    assertThat(pages.time2version(200))
        .isEqualTo(new Time2VersionResult(new TimePoint(v100, 100), new TimePoint(v200, 200)));
    assertThat(pages.time2version(201))
        .isEqualTo(new Time2VersionResult(new TimePoint(v200, 200), null));
    assertThat(pages.time2version(100))
        .isEqualTo(new Time2VersionResult(null, new TimePoint(v100, 100)));
    assertThat(pages.time2version(50))
        .isEqualTo(new Time2VersionResult(null, new TimePoint(v100, 100)));
  }

  @Test
  void noHistoryMeansNoPoints() {
    assertThat(pages.time2version(1_700_000_000L)).isEqualTo(new Time2VersionResult(null, null));
  }

  @Test
  void pointsThatAreNotVersionsAreIgnored() {
    record(100, new byte[] {1, 2, 3});
    assertThat(pages.time2version(150)).isEqualTo(new Time2VersionResult(null, null));
  }

  @Test
  void negativeTimesAreRejected() {
    assertCode(() -> pages.time2version(-5), ErrorCode.MALFORMED_REQUEST);
  }
}
