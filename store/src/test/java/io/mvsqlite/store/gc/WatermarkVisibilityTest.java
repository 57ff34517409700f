package io.mvsqlite.store.gc;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.Await;
import io.mvsqlite.store.MvStore;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.read.ReadVersionCache;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/gc.md, "Reads below the watermark": once a truncation has answered, reads below its
 * watermark are refused by the engine that ran it, even at a version that was read just before
 * (whose KV read version the engine had cached). Another engine over the same KV store may still
 * answer such a read from its cache, for less than {@link ReadVersionCache#MAX_AGE} after the
 * watermark commit.
 */
class WatermarkVisibilityTest extends StoreFixture {

  private static boolean refused(PageStore store, Version at) {
    try {
      store.read(ref("db"), List.of(PageRead.at(1, at)));
      return false;
    } catch (MvException e) {
      if (e.code() != ErrorCode.VERSION_TRUNCATED) {
        throw e;
      }
      return true;
    }
  }

  @Test
  void aReadBelowTheWatermarkIsRefusedAsSoonAsTheTruncationAnswered() {
    Version ns = createNamespace("db");
    commits.commit(ns, 1, new byte[] {1});
    Version v2 = commits.commit(ns, 1, new byte[] {2});
    Version v3 = commits.commit(ns, 1, new byte[] {3});
    PageData before = pages.read(ref("db"), List.of(PageRead.at(1, v2))).getFirst();
    assertThat(before.data()).containsExactly(2);

    admin.truncate("db", v3, true, n -> {});

    assertCode(
        () -> pages.read(ref("db"), List.of(PageRead.at(1, v2))), ErrorCode.VERSION_TRUNCATED);
    assertThat(pages.read(ref("db"), List.of(PageRead.at(1, v3))).getFirst().data())
        .containsExactly(3);
  }

  @Test
  void theWatermarkIsEnforcedDuringTheProgressReportsAlready() {
    Version ns = createNamespace("db");
    commits.commit(ns, 1, new byte[] {1});
    Version v2 = commits.commit(ns, 1, new byte[] {2});
    Version v3 = commits.commit(ns, 1, new byte[] {3});
    pages.read(ref("db"), List.of(PageRead.at(1, v2)));
    List<Boolean> refusedAtProgress = new ArrayList<>();

    admin.truncate("db", v3, true, n -> refusedAtProgress.add(refused(pages, v2)));

    assertThat(refusedAtProgress).as("a progress report was made").isNotEmpty().containsOnly(true);
  }

  @Test
  void anotherEngineRefusesOnceItsCachedReadVersionExpired() {
    Version ns = createNamespace("db");
    commits.commit(ns, 1, new byte[] {1});
    Version v2 = commits.commit(ns, 1, new byte[] {2});
    Version v3 = commits.commit(ns, 1, new byte[] {3});
    MvStore other = openEngine(c -> c);
    other.pageStore().read(ref("db"), List.of(PageRead.at(1, v2)));

    admin.truncate("db", v3, true, n -> {});

    // The other engine learns nothing of the truncation; only the age of its cached read version
    // ends the window.
    Await.until(
        ReadVersionCache.MAX_AGE.multipliedBy(5),
        "the other engine refuses reads below the watermark",
        () -> refused(other.pageStore(), v2));
    assertThat(refused(other.pageStore(), v2)).isTrue();
  }
}
