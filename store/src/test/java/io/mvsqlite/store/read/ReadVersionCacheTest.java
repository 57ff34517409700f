package io.mvsqlite.store.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.CommitResult;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The read-version cache reuses a KV read version only while it is fresh: younger than {@link
 * ReadVersionCache#MAX_AGE} and obtained after the last {@link ReadVersionCache#invalidateAll()}
 * (which truncation calls once its watermark committed). A reused version that is too old would not
 * see a watermark raised since.
 */
class ReadVersionCacheTest extends StoreFixture {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  /** Commits one key outside the cache and returns the commit's KV version. */
  private long commitSomething() {
    try (KvTransaction tr = kv.createTransaction()) {
      tr.set("read-version-cache-test".getBytes(StandardCharsets.UTF_8), new byte[] {1});
      CommitResult r = tr.commit();
      return r.version();
    }
  }

  private Version currentVersion() {
    try (KvTransaction tr = kv.createTransaction()) {
      return Version.atReadVersion(tr.getReadVersion());
    }
  }

  private static long readVersionOf(
      ReadVersionCache cache, io.mvsqlite.kv.KvStore store, Version v) {
    try (KvTransaction tr = cache.open(store, v)) {
      return tr.getReadVersion();
    }
  }

  @Test
  void aFreshEntryIsReusedAndDoesNotSeeLaterCommits() {
    ReadVersionCache cache = new ReadVersionCache(false, nanos::get);
    Version v = currentVersion();
    long first = readVersionOf(cache, kv, v);
    long later = commitSomething();

    assertThat(readVersionOf(cache, kv, v))
        .as("reused within its maximum age")
        .isEqualTo(first)
        .isLessThan(later);
  }

  @Test
  void anEntryIsNotReusedOnceItIsTwoSecondsOld() {
    ReadVersionCache cache = new ReadVersionCache(false, nanos::get);
    Version v = currentVersion();
    long first = readVersionOf(cache, kv, v);
    long later = commitSomething();
    nanos.addAndGet(ReadVersionCache.MAX_AGE.toNanos() - 1);
    assertThat(readVersionOf(cache, kv, v)).isEqualTo(first);

    nanos.addAndGet(1);

    assertThat(readVersionOf(cache, kv, v))
        .as("a fresh read version")
        .isGreaterThanOrEqualTo(later);
  }

  @Test
  void invalidationMakesTheNextReadSeeEverythingCommittedBeforeIt() {
    ReadVersionCache cache = new ReadVersionCache(false, nanos::get);
    Version v = currentVersion();
    readVersionOf(cache, kv, v);
    long watermarkCommit = commitSomething();

    cache.invalidateAll();

    assertThat(readVersionOf(cache, kv, v)).isGreaterThanOrEqualTo(watermarkCommit);
  }

  /**
   * The race: a reader gets its KV read version before the watermark commit, the truncation commits
   * and invalidates, and only then does the reader put its (old) read version into the cache. That
   * entry must not be reused.
   */
  @Test
  void aReadVersionObtainedBeforeAnInvalidationIsNotReusedAfterIt() throws Exception {
    ReadVersionCache cache = new ReadVersionCache(false, nanos::get);
    Version v = currentVersion();
    try (ReadVersionHoldingKvStore holding = new ReadVersionHoldingKvStore(kv)) {
      CompletableFuture<Long> reader =
          CompletableFuture.supplyAsync(() -> readVersionOf(cache, holding, v));
      assertThat(holding.awaitHeld(30)).as("the reader got its read version").isTrue();
      long watermarkCommit = commitSomething();
      cache.invalidateAll();
      holding.release();
      long stale = reader.get(30, TimeUnit.SECONDS);
      assertThat(stale).as("obtained before the commit").isLessThan(watermarkCommit);

      assertThat(readVersionOf(cache, kv, v)).isGreaterThanOrEqualTo(watermarkCommit);
    }
  }
}
