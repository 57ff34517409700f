package io.mvsqlite.kv;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * A {@link KvStore} that wraps a real one and makes reads and commits fail as a busy FoundationDB
 * cluster would: conflicts, retryable transient errors, and {@code commit_unknown_result} both
 * after and without the commit taking effect. Code above the SPI (the {@link TransactionRunner},
 * the store engine) is tested with it to show it converges and loses nothing.
 *
 * <p><b>Determinism.</b> One random sequence seeded by {@link FaultPlan#seed()} decides every
 * fault: one draw per read and one per commit, in call order. The same seed and the same sequence
 * of calls give the same faults; with several threads the interleaving, and so the faults each
 * thread sees, vary from run to run.
 *
 * <p>An injected fault is thrown before the delegate is called (nothing happens), except {@link
 * FaultKind#COMMIT_UNKNOWN_COMMITTED}, thrown after the delegate committed. Reads fail through
 * their future, as a real backend's would. Every other operation is passed through untouched.
 *
 * <p>Thread-safe. The wrapper owns the delegate: closing it closes the delegate.
 */
public final class FaultInjectingKvStore implements KvStore {

  private final KvStore delegate;
  private final FaultPlan plan;
  private final Random random;
  private final AtomicLongArray counts = new AtomicLongArray(FaultKind.values().length);

  public FaultInjectingKvStore(KvStore delegate, FaultPlan plan) {
    this.delegate = delegate;
    this.plan = plan;
    this.random = new Random(plan.seed());
  }

  @Override
  public KvTransaction createTransaction() {
    return new Transaction(delegate.createTransaction());
  }

  @Override
  public String describe() {
    return "faults(" + delegate.describe() + ")";
  }

  @Override
  public void close() {
    delegate.close();
  }

  public FaultPlan plan() {
    return plan;
  }

  /** How many faults of {@code kind} were injected so far. */
  public long injected(FaultKind kind) {
    return counts.get(kind.ordinal());
  }

  /** How many faults were injected so far, of every kind. */
  public long totalInjected() {
    long sum = 0;
    for (FaultKind kind : FaultKind.values()) {
      sum += injected(kind);
    }
    return sum;
  }

  /** A snapshot of the counters, every kind present. */
  public Map<FaultKind, Long> injectedCounts() {
    Map<FaultKind, Long> out = new EnumMap<>(FaultKind.class);
    for (FaultKind kind : FaultKind.values()) {
      out.put(kind, injected(kind));
    }
    return out;
  }

  private double draw() {
    synchronized (random) {
      return random.nextDouble();
    }
  }

  /** The fault for the next read, or {@code null}. */
  private FaultKind nextReadFault() {
    double r = draw();
    if (r < plan.conflictProbability()) {
      return FaultKind.READ_CONFLICT;
    }
    r -= plan.conflictProbability();
    return r < plan.transientProbability() ? FaultKind.READ_TRANSIENT : null;
  }

  /** The fault for the next commit, or {@code null}. */
  private FaultKind nextCommitFault() {
    double r = draw();
    double[] thresholds = {
      plan.conflictProbability(),
      plan.transientProbability(),
      plan.unknownCommittedProbability(),
      plan.unknownNotCommittedProbability()
    };
    FaultKind[] kinds = {
      FaultKind.COMMIT_CONFLICT,
      FaultKind.COMMIT_TRANSIENT,
      FaultKind.COMMIT_UNKNOWN_COMMITTED,
      FaultKind.COMMIT_UNKNOWN_NOT_COMMITTED
    };
    for (int i = 0; i < kinds.length; i++) {
      if (r < thresholds[i]) {
        return kinds[i];
      }
      r -= thresholds[i];
    }
    return null;
  }

  private KvException inject(FaultKind kind) {
    counts.incrementAndGet(kind.ordinal());
    return new KvException(kind.error(), "injected fault " + kind);
  }

  private <T> CompletableFuture<T> readOrFail(Supplier<CompletableFuture<T>> read) {
    FaultKind fault = nextReadFault();
    return fault == null ? read.get() : CompletableFuture.failedFuture(inject(fault));
  }

  /** Reads through {@code reader}, failing some of them. */
  private final class Reader implements KvReader {
    private final KvReader reader;

    Reader(KvReader reader) {
      this.reader = reader;
    }

    @Override
    public CompletableFuture<byte[]> getAsync(byte[] key) {
      return readOrFail(() -> reader.getAsync(key));
    }

    @Override
    public CompletableFuture<List<KeyValue>> getRangeAsync(
        byte[] begin, byte[] end, int limit, boolean reverse) {
      return readOrFail(() -> reader.getRangeAsync(begin, end, limit, reverse));
    }
  }

  /** A transaction of the delegate whose reads and commit may fail. */
  private final class Transaction extends ForwardingKvTransaction {
    private final Reader reads;
    private final Reader snapshotReads;

    Transaction(KvTransaction tr) {
      super(tr);
      this.reads = new Reader(tr);
      this.snapshotReads = new Reader(tr.snapshot());
    }

    @Override
    public CompletableFuture<byte[]> getAsync(byte[] key) {
      return reads.getAsync(key);
    }

    @Override
    public CompletableFuture<List<KeyValue>> getRangeAsync(
        byte[] begin, byte[] end, int limit, boolean reverse) {
      return reads.getRangeAsync(begin, end, limit, reverse);
    }

    @Override
    public KvReader snapshot() {
      return snapshotReads;
    }

    @Override
    public CommitResult commit() {
      FaultKind fault = nextCommitFault();
      if (fault == null) {
        return delegate().commit();
      }
      if (fault.committed()) {
        delegate().commit();
      }
      throw inject(fault);
    }
  }
}
