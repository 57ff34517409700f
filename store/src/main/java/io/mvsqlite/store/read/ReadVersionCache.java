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

/**
 * Opens KV transactions for reading at a store version (reference §5.3 step 1). Versions live in keys, so the KV read
 * version only has to be <em>at least</em> the requested version's commit version; a cache maps each requested
 * version to a KV read version already proven good (2 s, well inside the 5 s MVCC window), saving a read-version
 * request per batch.
 *
 * <p>The causal check: a fresh KV read version older than the requested version means this server is behind the one
 * that produced the version; that is {@link ErrorCode#CAUSAL_READ_FAULT} (retryable). It is skipped on a read-only
 * replica, whose read versions trail the primary's. A version further ahead than the MVCC window was never handed
 * out by this cluster and is {@link ErrorCode#BAD_VERSION} (final), so a bogus version is not retried forever
 * (reference §16.4). Thread-safe.
 */
public final class ReadVersionCache {

  /**
   * A lag larger than the MVCC window cannot come from another server of the same cluster being ahead: such a
   * version was never handed out, and retrying could never succeed.
   */
  private static final long MAX_LAG_VERSIONS = KvLimits.MVCC_WINDOW_MILLIS * KvLimits.VERSIONS_PER_SECOND / 1000;

  private final Cache<Version, Long> cache =
      Caffeine.newBuilder().maximumSize(1000).expireAfterWrite(Duration.ofSeconds(2)).build();
  private final boolean readOnly;

  public ReadVersionCache(boolean readOnly) {
    this.readOnly = readOnly;
  }

  /** A new transaction (owned by the caller) whose reads see every commit up to {@code version}. */
  public KvTransaction open(KvStore kv, Version version) {
    KvTransaction tr = kv.createTransaction();
    try {
      tr.setOption(TransactionOption.CAUSAL_READ_RISKY);
      if (readOnly) {
        tr.setOption(TransactionOption.READ_LOCK_AWARE);
      }
      Long cached = cache.getIfPresent(version);
      if (cached != null) {
        tr.setReadVersion(cached);
        return tr;
      }
      long rv = tr.getReadVersion();
      if (!readOnly && Long.compareUnsigned(rv, version.commitVersion()) < 0) {
        if (Long.compareUnsigned(version.commitVersion() - rv, MAX_LAG_VERSIONS) > 0) {
          throw new MvException(ErrorCode.BAD_VERSION, "the requested version is in the future: " + version.hex());
        }
        throw new MvException(
            ErrorCode.CAUSAL_READ_FAULT, "causal read fault: the requested version is newer than this server's view");
      }
      cache.put(version, rv);
      return tr;
    } catch (RuntimeException e) {
      tr.close();
      throw e;
    }
  }
}
