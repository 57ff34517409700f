package io.mvsqlite.store.commit;

import io.mvsqlite.kv.CommitResult;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvReader;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.kv.TransactionOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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

  private final class Recording implements KvTransaction {
    private final KvTransaction tr;
    private boolean wrote;

    Recording(KvTransaction tr) {
      this.tr = tr;
    }

    @Override
    public CommitResult commit() {
      long size = tr.getApproximateSize();
      CommitResult result = tr.commit();
      if (wrote) {
        record(size);
      }
      return result;
    }

    @Override
    public CompletableFuture<byte[]> getAsync(byte[] key) {
      return tr.getAsync(key);
    }

    @Override
    public CompletableFuture<List<KeyValue>> getRangeAsync(
        byte[] begin, byte[] end, int limit, boolean reverse) {
      return tr.getRangeAsync(begin, end, limit, reverse);
    }

    @Override
    public KvReader snapshot() {
      return tr.snapshot();
    }

    @Override
    public long getReadVersion() {
      return tr.getReadVersion();
    }

    @Override
    public void setReadVersion(long version) {
      tr.setReadVersion(version);
    }

    @Override
    public void set(byte[] key, byte[] value) {
      wrote = true;
      tr.set(key, value);
    }

    @Override
    public void clear(byte[] key) {
      wrote = true;
      tr.clear(key);
    }

    @Override
    public void clearRange(byte[] begin, byte[] end) {
      wrote = true;
      tr.clearRange(begin, end);
    }

    @Override
    public void mutate(MutationType type, byte[] key, byte[] param) {
      wrote = true;
      tr.mutate(type, key, param);
    }

    @Override
    public void addReadConflictRange(byte[] begin, byte[] end) {
      tr.addReadConflictRange(begin, end);
    }

    @Override
    public void addWriteConflictRange(byte[] begin, byte[] end) {
      tr.addWriteConflictRange(begin, end);
    }

    @Override
    public void setNextWriteNoWriteConflictRange() {
      tr.setNextWriteNoWriteConflictRange();
    }

    @Override
    public void setOption(TransactionOption option) {
      tr.setOption(option);
    }

    @Override
    public long getApproximateSize() {
      return tr.getApproximateSize();
    }

    @Override
    public void close() {
      tr.close();
    }
  }
}
