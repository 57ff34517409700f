package io.mvsqlite.kv;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A transaction that passes every call to another one: the base of wrappers that change a few calls
 * (fault injection, instrumentation in tests) and leave the rest alone. Subclasses override what
 * they change. Thread safety and ownership are the delegate's: closing this closes it.
 */
public abstract class ForwardingKvTransaction implements KvTransaction {

  private final KvTransaction delegate;

  protected ForwardingKvTransaction(KvTransaction delegate) {
    this.delegate = delegate;
  }

  /** The wrapped transaction. */
  protected final KvTransaction delegate() {
    return delegate;
  }

  @Override
  public CompletableFuture<byte[]> getAsync(byte[] key) {
    return delegate.getAsync(key);
  }

  @Override
  public CompletableFuture<List<KeyValue>> getRangeAsync(
      byte[] begin, byte[] end, int limit, boolean reverse) {
    return delegate.getRangeAsync(begin, end, limit, reverse);
  }

  @Override
  public KvReader snapshot() {
    return delegate.snapshot();
  }

  @Override
  public long getReadVersion() {
    return delegate.getReadVersion();
  }

  @Override
  public void setReadVersion(long version) {
    delegate.setReadVersion(version);
  }

  @Override
  public void set(byte[] key, byte[] value) {
    delegate.set(key, value);
  }

  @Override
  public void clear(byte[] key) {
    delegate.clear(key);
  }

  @Override
  public void clearRange(byte[] begin, byte[] end) {
    delegate.clearRange(begin, end);
  }

  @Override
  public void mutate(MutationType type, byte[] key, byte[] param) {
    delegate.mutate(type, key, param);
  }

  @Override
  public void addReadConflictRange(byte[] begin, byte[] end) {
    delegate.addReadConflictRange(begin, end);
  }

  @Override
  public void addWriteConflictRange(byte[] begin, byte[] end) {
    delegate.addWriteConflictRange(begin, end);
  }

  @Override
  public void setNextWriteNoWriteConflictRange() {
    delegate.setNextWriteNoWriteConflictRange();
  }

  @Override
  public void setOption(TransactionOption option) {
    delegate.setOption(option);
  }

  @Override
  public long getApproximateSize() {
    return delegate.getApproximateSize();
  }

  @Override
  public CommitResult commit() {
    return delegate.commit();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
