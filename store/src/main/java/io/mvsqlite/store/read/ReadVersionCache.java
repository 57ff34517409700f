package io.mvsqlite.store.read;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mvsqlite.kv.KvLimits;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.TransactionOption;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.Version;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Opens KV transactions for reading at a store version (reference §5.3 step 1). Versions live in
 * keys, so the KV read version only has to be <em>at least</em> the requested version's commit
 * version; a cache maps each requested version to a KV read version already proven good, saving a
 * read-version request per batch.
 *
 * <p><b>Freshness.</b> A cached read version is older than the request, so the request does not see
 * commits made after it was obtained. For page contents that is harmless (a version's pages never
 * change), but not for the namespace's truncation watermark: a read at an old KV read version does
 * not see a watermark raised since, and would answer below it. So an entry is reused only while
 *
 * <ul>
 *   <li>it is younger than {@link #MAX_AGE} (2 s, well inside the 5 s MVCC window), counted from
 *       <em>before</em> its read-version request was sent; and
 *   <li>no truncation watermark was raised in this process since then: {@link #invalidateAll()}
 *       (called by the truncation right after its watermark transaction) makes every existing entry
 *       stale, including one whose read-version request was in flight meanwhile (an entry remembers
 *       the generation of the cache from before its request; a read version obtained before the
 *       watermark commit was requested before the invalidation).
 * </ul>
 *
 * Hence, in one process, a read that starts after the watermark transaction committed and the
 * truncation invalidated the cache (before it reports progress or answers) is refused below the
 * watermark. Another process sharing the KV store does not learn of the truncation: its entries
 * obtained before the watermark commit stay usable until they are {@link #MAX_AGE} old, so it may
 * answer reads below the watermark, with the old consistent data, for less than 2 s after the
 * watermark commit (docs/gc.md, "Reads below the watermark").
 *
 * <p>The causal check: a fresh KV read version older than the requested version means this server
 * is behind the one that produced the version; that is {@link ErrorCode#CAUSAL_READ_FAULT}
 * (retryable). It is skipped on a read-only replica, whose read versions trail the primary's. A
 * version further ahead than the MVCC window was never handed out by this cluster and is {@link
 * ErrorCode#BAD_VERSION} (final), so a bogus version is not retried forever (reference §16.4).
 * Thread-safe.
 */
public final class ReadVersionCache {

  /** How long a read version may be reused, counted from before it was requested. */
  public static final Duration MAX_AGE = Duration.ofSeconds(2);

  /**
   * A lag larger than the MVCC window cannot come from another server of the same cluster being
   * ahead: such a version was never handed out, and retrying could never succeed.
   */
  private static final long MAX_LAG_VERSIONS =
      KvLimits.MVCC_WINDOW_MILLIS * KvLimits.VERSIONS_PER_SECOND / 1000;

  /**
   * A KV read version good for a requested version.
   *
   * @param requestedAtNanos the ticker's time before the read version was requested
   * @param generation the cache's generation before the read version was requested
   */
  private record Entry(long readVersion, long requestedAtNanos, long generation) {}

  private final Cache<Version, Entry> cache;
  private final AtomicLong generation = new AtomicLong();
  private final LongSupplier nanoTicker;
  private final boolean readOnly;

  public ReadVersionCache(boolean readOnly) {
    this(readOnly, System::nanoTime);
  }

  /**
   * @param nanoTicker a monotonic time source in nanoseconds (tests pass a manual one)
   */
  public ReadVersionCache(boolean readOnly, LongSupplier nanoTicker) {
    this.readOnly = readOnly;
    this.nanoTicker = nanoTicker;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(1000)
            .ticker(nanoTicker::getAsLong)
            .expireAfterWrite(MAX_AGE)
            .build();
  }

  /** A new transaction (owned by the caller) whose reads see every commit up to {@code version}. */
  public KvTransaction open(KvStore kv, Version version) {
    KvTransaction tr = kv.createTransaction();
    try {
      tr.setOption(TransactionOption.CAUSAL_READ_RISKY);
      if (readOnly) {
        tr.setOption(TransactionOption.READ_LOCK_AWARE);
      }
      Entry cached = cache.getIfPresent(version);
      if (cached != null && isFresh(cached)) {
        tr.setReadVersion(cached.readVersion());
        return tr;
      }
      // Both are taken before the request, so that an invalidation or expiry racing with it errs
      // towards staleness.
      long gen = generation.get();
      long requestedAt = nanoTicker.getAsLong();
      long rv = tr.getReadVersion();
      if (!readOnly && Long.compareUnsigned(rv, version.commitVersion()) < 0) {
        if (Long.compareUnsigned(version.commitVersion() - rv, MAX_LAG_VERSIONS) > 0) {
          throw new MvException(
              ErrorCode.BAD_VERSION, "the requested version is in the future: " + version.hex());
        }
        throw new MvException(
            ErrorCode.CAUSAL_READ_FAULT,
            "causal read fault: the requested version is newer than this server's view");
      }
      cache.put(version, new Entry(rv, requestedAt, gen));
      return tr;
    } catch (RuntimeException e) {
      tr.close();
      throw e;
    }
  }

  /**
   * Makes every read version obtained so far (or being obtained now) unusable: later reads get
   * fresh read versions. Call after a transaction that raised (or may have raised) a truncation
   * watermark committed, before telling anyone about it.
   */
  public void invalidateAll() {
    generation.incrementAndGet();
    cache.invalidateAll();
  }

  private boolean isFresh(Entry e) {
    return e.generation() == generation.get()
        && nanoTicker.getAsLong() - e.requestedAtNanos() < MAX_AGE.toNanos();
  }
}
