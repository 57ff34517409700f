package io.mvsqlite.kv.fdb;

import com.apple.foundationdb.ReadTransaction;
import com.apple.foundationdb.StreamingMode;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.TransactionOptions;
import io.mvsqlite.kv.CommitResult;
import io.mvsqlite.kv.KeyRules;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvFutures;
import io.mvsqlite.kv.KvReader;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.kv.TransactionOption;
import io.mvsqlite.kv.Versionstamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link KvTransaction} that delegates every operation to one FoundationDB transaction.
 *
 * <p>The SPI's rules on use after commit or close, on setting the read version, and on arguments
 * ({@link KeyRules}) are checked here, before FoundationDB is called, so errors come at the call
 * that caused them and bad input changes nothing. Thread-safe, as FoundationDB transactions are.
 */
final class FdbKvTransaction implements KvTransaction {

  private static final int OPEN = 0;
  private static final int COMMITTED = 1;
  private static final int CLOSED = 2;

  private final FdbKvStore store;
  private final Transaction tr;
  private final KvReader snapshotReader;
  private final AtomicInteger state = new AtomicInteger(OPEN);

  /**
   * Set by the first read, {@link #getReadVersion()} or {@link #setReadVersion}: the read version
   * is then fixed.
   */
  private final AtomicBoolean readVersionFixed = new AtomicBoolean();

  private volatile boolean systemAccess;

  FdbKvTransaction(FdbKvStore store, Transaction tr) {
    this.store = store;
    this.tr = tr;
    this.snapshotReader = new Reader(tr.snapshot());
  }

  @Override
  public KvReader snapshot() {
    return snapshotReader;
  }

  @Override
  public CompletableFuture<byte[]> getAsync(byte[] key) {
    return read(tr, key);
  }

  @Override
  public CompletableFuture<List<KeyValue>> getRangeAsync(
      byte[] begin, byte[] end, int limit, boolean reverse) {
    return readRange(tr, begin, end, limit, reverse);
  }

  @Override
  public long getReadVersion() {
    checkUsable();
    readVersionFixed.set(true);
    try {
      return KvFutures.join(FdbErrors.adapt(tr.getReadVersion(), v -> v));
    } catch (RuntimeException e) {
      throw FdbErrors.toKvException(e);
    }
  }

  @Override
  public void setReadVersion(long version) {
    checkUsable();
    if (readVersionFixed.getAndSet(true)) {
      throw new KvException(KvError.INVALID_ARGUMENT, "the read version is already set or used");
    }
    call(() -> tr.setReadVersion(version));
  }

  @Override
  public void set(byte[] key, byte[] value) {
    checkUsable();
    KeyRules.checkSet(key, value, systemAccess, true);
    call(() -> tr.set(key, value));
  }

  @Override
  public void clear(byte[] key) {
    checkUsable();
    KeyRules.checkClear(key, systemAccess);
    call(() -> tr.clear(key));
  }

  @Override
  public void clearRange(byte[] begin, byte[] end) {
    checkUsable();
    KeyRules.checkWriteRange(begin, end, systemAccess);
    call(() -> tr.clear(begin, end));
  }

  @Override
  public void mutate(MutationType type, byte[] key, byte[] param) {
    // Versionstamp params already end with the 4-byte little-endian offset that API version >= 520
    // expects.
    checkUsable();
    KeyRules.checkMutate(type, key, param, systemAccess, true);
    com.apple.foundationdb.MutationType fdbType = toFdb(type);
    call(() -> tr.mutate(fdbType, key, param));
  }

  @Override
  public void addReadConflictRange(byte[] begin, byte[] end) {
    checkUsable();
    KeyRules.checkOrder(begin, end);
    call(() -> tr.addReadConflictRange(begin, end));
  }

  @Override
  public void addWriteConflictRange(byte[] begin, byte[] end) {
    checkUsable();
    KeyRules.checkWriteRange(begin, end, systemAccess);
    call(() -> tr.addWriteConflictRange(begin, end));
  }

  @Override
  public void setNextWriteNoWriteConflictRange() {
    call(() -> tr.options().setNextWriteNoWriteConflictRange());
  }

  @Override
  public void setOption(TransactionOption option) {
    call(
        () -> {
          TransactionOptions options = tr.options();
          switch (option) {
            case CAUSAL_READ_RISKY -> options.setCausalReadRisky();
            case READ_LOCK_AWARE -> options.setReadLockAware();
            case READ_SYSTEM_KEYS -> options.setReadSystemKeys();
            case ACCESS_SYSTEM_KEYS -> options.setAccessSystemKeys();
          }
        });
    if (option == TransactionOption.ACCESS_SYSTEM_KEYS) {
      systemAccess = true;
    }
  }

  @Override
  public long getApproximateSize() {
    checkUsable();
    try {
      return KvFutures.join(FdbErrors.adapt(tr.getApproximateSize(), v -> v));
    } catch (RuntimeException e) {
      throw FdbErrors.toKvException(e);
    }
  }

  @Override
  public CommitResult commit() {
    store.checkOpen();
    if (!state.compareAndSet(OPEN, COMMITTED)) {
      throw usedAfterEnd();
    }
    // The versionstamp must be asked for before commit; it is only known once the commit succeeded.
    CompletableFuture<byte[]> versionstamp;
    try {
      versionstamp = tr.getVersionstamp();
      KvFutures.join(tr.commit());
    } catch (RuntimeException e) {
      throw FdbErrors.toKvExceptionAtCommit(e);
    }
    try {
      long committedVersion = tr.getCommittedVersion();
      if (committedVersion < 0) {
        // Read-only: FoundationDB committed locally, and the versionstamp future can only fail.
        // Release it.
        versionstamp.cancel(false);
        return new CommitResult(KvFutures.join(tr.getReadVersion()), null);
      }
      return new CommitResult(
          committedVersion, Versionstamp.fromBytes(KvFutures.join(versionstamp)));
    } catch (RuntimeException e) {
      throw FdbErrors.toKvException(e);
    }
  }

  @Override
  public void close() {
    if (state.getAndSet(CLOSED) != CLOSED) {
      tr.close();
    }
  }

  private CompletableFuture<byte[]> read(ReadTransaction reader, byte[] key) {
    try {
      checkUsable();
      readVersionFixed.set(true);
      return FdbErrors.adapt(reader.get(key), v -> v);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(FdbErrors.toKvException(e));
    }
  }

  private CompletableFuture<List<KeyValue>> readRange(
      ReadTransaction reader, byte[] begin, byte[] end, int limit, boolean reverse) {
    try {
      checkUsable();
      KeyRules.checkOrder(begin, end);
      KeyRules.checkLimit(limit);
      readVersionFixed.set(true);
      if (Arrays.equals(begin, end)) {
        return CompletableFuture.completedFuture(new ArrayList<>());
      }
      // With a limit, EXACT fetches exactly that many rows in one batch; without one, WANT_ALL
      // streams big batches.
      StreamingMode mode = limit > 0 ? StreamingMode.EXACT : StreamingMode.WANT_ALL;
      int fdbLimit = limit > 0 ? limit : ReadTransaction.ROW_LIMIT_UNLIMITED;
      return FdbErrors.adapt(
          reader.getRange(begin, end, fdbLimit, reverse, mode).asList(), FdbKvTransaction::toKv);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(FdbErrors.toKvException(e));
    }
  }

  private static List<KeyValue> toKv(List<com.apple.foundationdb.KeyValue> rows) {
    List<KeyValue> out = new ArrayList<>(rows.size());
    for (com.apple.foundationdb.KeyValue kv : rows) {
      out.add(new KeyValue(kv.getKey(), kv.getValue()));
    }
    return out;
  }

  private void call(Runnable op) {
    checkUsable();
    try {
      op.run();
    } catch (RuntimeException e) {
      throw FdbErrors.toKvException(e);
    }
  }

  private void checkUsable() {
    store.checkOpen();
    if (state.get() != OPEN) {
      throw usedAfterEnd();
    }
  }

  private KvException usedAfterEnd() {
    return state.get() == CLOSED
        ? new KvException(KvError.TRANSACTION_CANCELLED, "transaction closed")
        : new KvException(KvError.USED_AFTER_COMMIT, "transaction committed");
  }

  static com.apple.foundationdb.MutationType toFdb(MutationType type) {
    return switch (type) {
      case ADD -> com.apple.foundationdb.MutationType.ADD;
      case MAX -> com.apple.foundationdb.MutationType.MAX;
      case MIN -> com.apple.foundationdb.MutationType.MIN;
      case BYTE_MAX -> com.apple.foundationdb.MutationType.BYTE_MAX;
      case BYTE_MIN -> com.apple.foundationdb.MutationType.BYTE_MIN;
      case BIT_AND -> com.apple.foundationdb.MutationType.BIT_AND;
      case BIT_OR -> com.apple.foundationdb.MutationType.BIT_OR;
      case BIT_XOR -> com.apple.foundationdb.MutationType.BIT_XOR;
      case SET_VERSIONSTAMPED_KEY -> com.apple.foundationdb.MutationType.SET_VERSIONSTAMPED_KEY;
      case SET_VERSIONSTAMPED_VALUE -> com.apple.foundationdb.MutationType.SET_VERSIONSTAMPED_VALUE;
    };
  }

  /**
   * The snapshot view: the same transaction's snapshot reads, which add no read conflict ranges.
   */
  private final class Reader implements KvReader {
    private final ReadTransaction snapshot;

    Reader(ReadTransaction snapshot) {
      this.snapshot = snapshot;
    }

    @Override
    public CompletableFuture<byte[]> getAsync(byte[] key) {
      return read(snapshot, key);
    }

    @Override
    public CompletableFuture<List<KeyValue>> getRangeAsync(
        byte[] begin, byte[] end, int limit, boolean reverse) {
      return readRange(snapshot, begin, end, limit, reverse);
    }
  }
}
