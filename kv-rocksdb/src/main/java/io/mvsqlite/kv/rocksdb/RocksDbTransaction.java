package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.CommitResult;
import io.mvsqlite.kv.KeyRules;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvLimits;
import io.mvsqlite.kv.KvReader;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.kv.TransactionOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A transaction of a {@link RocksDbKvStore}: FoundationDB's read-your-writes transaction.
 *
 * <p>Reads go through the snapshot of the transaction's read version, merged with the local {@link
 * WriteMap}; they add read conflict ranges exactly where FoundationDB's RYW layer does (a key or
 * range part answered by an independent local write adds none). Writes are checked ({@link
 * KeyRules}), recorded in the write map and in the ordered mutation log, and add write conflict
 * ranges. Commit hands the prepared {@link CommitRequest} to the {@link GroupCommitter}. All
 * asynchronous reads complete before they return: RocksDB reads are local.
 *
 * <p>Thread-safe: one lock guards the state; it is not held while waiting for the commit.
 */
final class RocksDbTransaction implements KvTransaction {

  private enum State {
    OPEN,
    COMMITTING,
    FINISHED
  }

  private final RocksDbKvStore store;
  private final ReentrantLock lock = new ReentrantLock();
  private final WriteMap writes = new WriteMap();
  private final RangeSet readConflicts = new RangeSet();
  private final RangeSet writeConflicts = new RangeSet();
  private final List<Mutation> mutations = new ArrayList<>();
  private final EnumSet<TransactionOption> options = EnumSet.noneOf(TransactionOption.class);
  private final KvReader snapshotView = new SnapshotView();
  private long mutationBytes;
  private long readVersion = CommitRequest.NO_READ_VERSION;
  private boolean nextWriteNoConflictRange;
  private State state = State.OPEN;
  private boolean closed;

  RocksDbTransaction(RocksDbKvStore store) {
    this.store = store;
  }

  @Override
  public KvReader snapshot() {
    return snapshotView;
  }

  @Override
  public CompletableFuture<byte[]> getAsync(byte[] key) {
    return completed(() -> read(key, true));
  }

  @Override
  public CompletableFuture<List<KeyValue>> getRangeAsync(
      byte[] begin, byte[] end, int limit, boolean reverse) {
    return completed(() -> readRange(begin, end, limit, reverse, true));
  }

  @Override
  public long getReadVersion() {
    lock.lock();
    try {
      checkUsable();
      if (readVersion == CommitRequest.NO_READ_VERSION) {
        readVersion = store.grv();
      }
      return readVersion;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void setReadVersion(long version) {
    lock.lock();
    try {
      checkUsable();
      if (readVersion != CommitRequest.NO_READ_VERSION) {
        throw new KvException(KvError.INVALID_ARGUMENT, "read version already set: " + readVersion);
      }
      store.validateReadVersion(version);
      readVersion = version;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void set(byte[] key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    lock.lock();
    try {
      checkUsable();
      KeyRules.checkSet(key, value, KeyRules.systemWrite(options), store.strict());
      byte[] k = key.clone();
      byte[] v = value.clone();
      writes.set(k, v);
      record(new Mutation.Set(k, v), KeyRange.single(k));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void clear(byte[] key) {
    Objects.requireNonNull(key, "key");
    lock.lock();
    try {
      checkUsable();
      KeyRules.checkClear(key, KeyRules.systemWrite(options));
      byte[] k = key.clone();
      writes.clear(k);
      record(new Mutation.Clear(k), KeyRange.single(k));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void clearRange(byte[] begin, byte[] end) {
    Objects.requireNonNull(begin, "begin");
    Objects.requireNonNull(end, "end");
    lock.lock();
    try {
      checkUsable();
      KeyRules.checkWriteRange(begin, end, KeyRules.systemWrite(options));
      if (Bytes.compare(begin, end) == 0) {
        return;
      }
      byte[] b = begin.clone();
      byte[] e = end.clone();
      writes.clearRange(b, e);
      record(new Mutation.ClearRange(b, e), new KeyRange(b, e));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void mutate(MutationType type, byte[] key, byte[] param) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(param, "param");
    lock.lock();
    try {
      checkUsable();
      KeyRules.checkMutate(type, key, param, KeyRules.systemWrite(options), store.strict());
      byte[] k = key.clone();
      byte[] p = param.clone();
      KeyRange conflict;
      switch (type) {
        case SET_VERSIONSTAMPED_KEY -> {
          long minVersion = readVersion == CommitRequest.NO_READ_VERSION ? 0 : readVersion;
          conflict = VersionstampKeyRange.possibleKeys(k, minVersion);
          writes.markUnreadable(conflict);
        }
        case SET_VERSIONSTAMPED_VALUE -> {
          conflict = KeyRange.single(k);
          writes.markUnreadable(conflict);
        }
        default -> {
          conflict = KeyRange.single(k);
          writes.mutate(type, k, p);
        }
      }
      record(new Mutation.Atomic(type, k, p), conflict);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void addReadConflictRange(byte[] begin, byte[] end) {
    Objects.requireNonNull(begin, "begin");
    Objects.requireNonNull(end, "end");
    lock.lock();
    try {
      checkUsable();
      KeyRules.checkReadRange(begin, end, KeyRules.systemRead(options));
      readConflicts.add(begin.clone(), end.clone());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void addWriteConflictRange(byte[] begin, byte[] end) {
    Objects.requireNonNull(begin, "begin");
    Objects.requireNonNull(end, "end");
    lock.lock();
    try {
      checkUsable();
      KeyRules.checkWriteRange(begin, end, KeyRules.systemWrite(options));
      writeConflicts.add(begin.clone(), end.clone());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void setNextWriteNoWriteConflictRange() {
    lock.lock();
    try {
      checkUsable();
      nextWriteNoConflictRange = true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void setOption(TransactionOption option) {
    Objects.requireNonNull(option, "option");
    lock.lock();
    try {
      checkUsable();
      options.add(option);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long getApproximateSize() {
    lock.lock();
    try {
      return sizeLocked();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public CommitResult commit() {
    CommitRequest request;
    lock.lock();
    try {
      checkUsable();
      if (mutations.isEmpty() && writeConflicts.isEmpty()) {
        long version = readVersion != CommitRequest.NO_READ_VERSION ? readVersion : store.grv();
        state = State.FINISHED;
        return new CommitResult(version, null);
      }
      long size = sizeLocked();
      if (store.strict() && size > KvLimits.MAX_TRANSACTION_BYTES) {
        state = State.FINISHED;
        throw new KvException(KvError.TRANSACTION_TOO_LARGE, "bytes=" + size);
      }
      if (readVersion == CommitRequest.NO_READ_VERSION && !readConflicts.isEmpty()) {
        readVersion = store.grv();
      }
      request =
          new CommitRequest(
              readVersion,
              readConflicts.toList(),
              writeConflicts.toList(),
              List.copyOf(mutations),
              mutationBytes,
              new CompletableFuture<>());
      state = State.COMMITTING;
    } finally {
      lock.unlock();
    }
    try {
      return store.commit(request);
    } finally {
      lock.lock();
      try {
        state = State.FINISHED;
        releaseWrites();
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      if (state != State.COMMITTING) {
        releaseWrites();
      }
    } finally {
      lock.unlock();
    }
  }

  private byte[] read(byte[] key, boolean serializable) {
    Objects.requireNonNull(key, "key");
    lock.lock();
    try {
      checkUsable();
      KeyRules.checkReadKey(key, KeyRules.systemRead(options));
      return switch (writes.lookup(key)) {
        case WriteMap.Local local -> local.value() == null ? null : local.value().clone();
        case WriteMap.Unreadable _ ->
            throw new KvException(KvError.ACCESSED_UNREADABLE, "key=" + Bytes.hex(key));
        case WriteMap.FromStore fromStore -> {
          byte[] k = key.clone();
          byte[] stored = store.readPoint(readVersionForRead(), k);
          if (serializable) {
            readConflicts.add(k, Bytes.keyAfter(k));
          }
          yield RangeMerger.applyAll(fromStore.ops(), stored);
        }
      };
    } finally {
      lock.unlock();
    }
  }

  private List<KeyValue> readRange(
      byte[] begin, byte[] end, int limit, boolean reverse, boolean serializable) {
    Objects.requireNonNull(begin, "begin");
    Objects.requireNonNull(end, "end");
    lock.lock();
    try {
      checkUsable();
      KeyRules.checkLimit(limit);
      KeyRules.checkReadRange(begin, end, KeyRules.systemRead(options));
      if (Bytes.compare(begin, end) == 0) {
        return new ArrayList<>();
      }
      RangeMerger.Result result =
          store.readRange(readVersionForRead(), writes, begin.clone(), end.clone(), limit, reverse);
      KeyRange extent = result.extent();
      if (writes.hasUnreadable(extent.begin(), extent.end())) {
        throw new KvException(KvError.ACCESSED_UNREADABLE, "range=" + extent);
      }
      if (serializable) {
        readConflicts.addAll(writes.dependentParts(extent.begin(), extent.end()));
      }
      return result.rows();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The read version for a store read, obtained now if needed, and checked against the MVCC window.
   */
  private long readVersionForRead() {
    if (readVersion == CommitRequest.NO_READ_VERSION) {
      readVersion = store.grv();
    }
    store.checkWithinWindow(readVersion);
    return readVersion;
  }

  private void record(Mutation mutation, KeyRange writeConflict) {
    mutations.add(mutation);
    mutationBytes += mutation.byteSize();
    if (nextWriteNoConflictRange) {
      nextWriteNoConflictRange = false;
    } else {
      writeConflicts.add(writeConflict);
    }
  }

  private long sizeLocked() {
    return mutationBytes + readConflicts.byteSize() + writeConflicts.byteSize();
  }

  private void checkUsable() {
    if (closed) {
      throw new KvException(KvError.TRANSACTION_CANCELLED);
    }
    if (state != State.OPEN) {
      throw new KvException(KvError.USED_AFTER_COMMIT);
    }
    store.checkOpen();
  }

  /**
   * Lets a finished or abandoned transaction's buffers be collected even if the caller keeps the
   * object.
   */
  private void releaseWrites() {
    writes.clearAll();
    mutations.clear();
  }

  private static <T> CompletableFuture<T> completed(Supplier<T> read) {
    try {
      return CompletableFuture.completedFuture(read.get());
    } catch (KvException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The snapshot view: the same reads without read conflict ranges. */
  private final class SnapshotView implements KvReader {
    @Override
    public CompletableFuture<byte[]> getAsync(byte[] key) {
      return completed(() -> read(key, false));
    }

    @Override
    public CompletableFuture<List<KeyValue>> getRangeAsync(
        byte[] begin, byte[] end, int limit, boolean reverse) {
      return completed(() -> readRange(begin, end, limit, reverse, false));
    }
  }
}
