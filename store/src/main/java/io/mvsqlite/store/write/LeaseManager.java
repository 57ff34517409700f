package io.mvsqlite.store.write;

import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvReader;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.keys.KeyCodec.LeaseValue;
import java.time.InstantSource;

/**
 * Transaction leases (docs/gc.md): while a client transaction that uploaded pages is open, its
 * lease keeps content GC away from everything uploaded since the lease began.
 *
 * <p>A lease is {@code txnlease(ns, id) = expiry || start_vs}. It is created by the first write
 * that names it, in the same KV commit as those uploads, with {@code start_vs} filled in by the
 * versionstamp of that commit: every content-index entry written or touched under the lease
 * therefore carries a version {@code >= start_vs}. Later writes and explicit renewals only push
 * {@code expiry} to {@code now + ttl}; {@code start_vs} never changes.
 *
 * <p>Renewing an unknown lease creates it (with a new start): harmless, because whatever was
 * uploaded under an earlier incarnation is still checked by the commit (a collected page makes the
 * commit fail with BAD_PAGE_REFERENCE, never succeed with a dangling reference). Thread-safe.
 */
public final class LeaseManager {

  private final KeyCodec keys;
  private final InstantSource clock;
  private final long ttlSecs;

  public LeaseManager(KeyCodec keys, InstantSource clock, long ttlSecs) {
    this.keys = keys;
    this.clock = clock;
    this.ttlSecs = ttlSecs;
  }

  /**
   * Creates {@code lease} in {@code tr} (start = {@code tr}'s versionstamp) or extends its expiry.
   * Reads the lease key with a read conflict, so concurrent creations of one lease serialize.
   */
  public void touch(KvTransaction tr, Version ns, LeaseId lease) {
    byte[] key = keys.lease(ns, lease.bytes());
    long expiry = nowSecs() + ttlSecs;
    byte[] current = tr.get(key);
    if (current == null) {
      tr.mutate(MutationType.SET_VERSIONSTAMPED_VALUE, key, KeyCodec.leaseValueTemplate(expiry));
      return;
    }
    LeaseValue v = KeyCodec.decodeLease(current);
    tr.set(key, KeyCodec.leaseValue(new LeaseValue(Math.max(expiry, v.expirySecs()), v.start())));
  }

  /**
   * Ends {@code lease} (for the commit path: a committed transaction needs no protection any more).
   */
  public void release(KvTransaction tr, Version ns, LeaseId lease) {
    tr.clear(keys.lease(ns, lease.bytes()));
  }

  /** The lease of {@code lease}, or {@code null} if there is none. */
  public LeaseValue find(KvReader reader, Version ns, LeaseId lease) {
    byte[] v = reader.get(keys.lease(ns, lease.bytes()));
    return v == null ? null : KeyCodec.decodeLease(v);
  }

  /**
   * The oldest start version among the leases of {@code ns} that have not expired at {@code
   * nowSecs}, or {@code null} if none lives (for content GC: content whose CI version is at or
   * after it must be kept).
   */
  public Version oldestLiveStart(KvReader reader, Version ns, long nowSecs) {
    byte[][] range = keys.leaseRange(ns);
    Version oldest = null;
    for (KeyValue kv : reader.getRange(range[0], range[1])) {
      LeaseValue v = KeyCodec.decodeLease(kv.value());
      if (v.expirySecs() >= nowSecs && (oldest == null || v.start().isBefore(oldest))) {
        oldest = v.start();
      }
    }
    return oldest;
  }

  private long nowSecs() {
    return clock.instant().getEpochSecond();
  }
}
