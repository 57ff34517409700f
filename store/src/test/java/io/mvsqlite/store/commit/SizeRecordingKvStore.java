package io.mvsqlite.store.commit;

import io.mvsqlite.kv.CommitResult;
import io.mvsqlite.kv.ForwardingKvTransaction;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: a {@link KvStore} that passes everything to a real one and records {@link
 * KvTransaction#getApproximateSize()} (FoundationDB's count of mutation and conflict-range bytes,
 * which strict mode limits to 10,000,000) of every transaction that commits with writes. Does not
 * own the delegate: closing it does nothing. Thread-safe.
 */
final class SizeRecordingKvStore implements KvStore {

  private final KvStore delegate;
  private final List<Long> sizes = new ArrayList<>();

  SizeRecordingKvStore(KvStore delegate) {
    this.delegate = delegate;
  }

  /** The sizes recorded so far, in commit order. */
  synchronized List<Long> sizes() {
    return List.copyOf(sizes);
  }

  synchronized long largest() {
    return sizes.stream().mapToLong(Long::longValue).max().orElse(0);
  }

  synchronized void reset() {
    sizes.clear();
  }

  private synchronized void record(long size) {
    sizes.add(size);
  }

  @Override
  public KvTransaction createTransaction() {
    return new Recording(delegate.createTransaction());
  }

  @Override
  public String describe() {
    return "sizes(" + delegate.describe() + ")";
  }

  @Override
  public void close() {}

  private final class Recording extends ForwardingKvTransaction {
    private boolean wrote;

    Recording(KvTransaction tr) {
      super(tr);
    }

    @Override
    public CommitResult commit() {
      long size = delegate().getApproximateSize();
      CommitResult result = delegate().commit();
      if (wrote) {
        record(size);
      }
      return result;
    }

    @Override
    public void set(byte[] key, byte[] value) {
      wrote = true;
      delegate().set(key, value);
    }

    @Override
    public void clear(byte[] key) {
      wrote = true;
      delegate().clear(key);
    }

    @Override
    public void clearRange(byte[] begin, byte[] end) {
      wrote = true;
      delegate().clearRange(begin, end);
    }

    @Override
    public void mutate(MutationType type, byte[] key, byte[] param) {
      wrote = true;
      delegate().mutate(type, key, param);
    }
  }
}
