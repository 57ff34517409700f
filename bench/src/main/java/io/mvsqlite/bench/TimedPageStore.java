package io.mvsqlite.bench;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.LockAcquireOutcome;
import io.mvsqlite.protocol.LockReleaseMode;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.StatQuery;
import io.mvsqlite.protocol.StatResult;
import io.mvsqlite.protocol.Time2VersionResult;
import io.mvsqlite.protocol.Version;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A {@link PageStore} that counts and times every call to the one it wraps: the timing breakdown by
 * layer that tells where a benchmark's time goes (round trips, pages read, uploads, commits). Each
 * call is one attempt of the wrapped store, so behind a retrying store every retry counts too.
 *
 * <p>The cost is two {@link System#nanoTime()} calls and a few adder increments per call.
 * Thread-safe.
 */
public final class TimedPageStore implements PageStore {

  /** The calls that are counted. */
  public enum Call {
    STAT("stat"),
    READ("read"),
    WRITE("upload"),
    COMMIT("commit"),
    OTHER("other");

    final String label;

    Call(String label) {
      this.label = label;
    }
  }

  /**
   * Totals of one kind of call: how many, how many pages they carried, and the wall time spent in
   * them.
   */
  public record Totals(long calls, long pages, long nanos) {

    public Totals minus(Totals earlier) {
      return new Totals(calls - earlier.calls, pages - earlier.pages, nanos - earlier.nanos);
    }
  }

  /** The totals of every kind of call at one moment. */
  public record Snapshot(Map<Call, Totals> totals) {

    public Snapshot {
      totals = Map.copyOf(totals);
    }

    public Totals of(Call call) {
      return totals.get(call);
    }

    /** What happened between {@code earlier} and this snapshot. */
    public Snapshot minus(Snapshot earlier) {
      Map<Call, Totals> out = new EnumMap<>(Call.class);
      for (Call c : Call.values()) {
        out.put(c, of(c).minus(earlier.of(c)));
      }
      return new Snapshot(out);
    }

    public static Snapshot empty() {
      Map<Call, Totals> out = new EnumMap<>(Call.class);
      for (Call c : Call.values()) {
        out.put(c, new Totals(0, 0, 0));
      }
      return new Snapshot(out);
    }
  }

  /**
   * The counters; one instance may be shared by many wrapped stores (all connections of a benchmark
   * system).
   */
  static final class Counters {
    private final Map<Call, LongAdder[]> adders = new EnumMap<>(Call.class);

    Counters() {
      for (Call c : Call.values()) {
        adders.put(c, new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()});
      }
    }

    void add(Call call, long pages, long nanos) {
      LongAdder[] a = adders.get(call);
      a[0].increment();
      a[1].add(pages);
      a[2].add(nanos);
    }

    Snapshot snapshot() {
      Map<Call, Totals> out = new EnumMap<>(Call.class);
      for (Call c : Call.values()) {
        LongAdder[] a = adders.get(c);
        out.put(c, new Totals(a[0].sum(), a[1].sum(), a[2].sum()));
      }
      return new Snapshot(out);
    }
  }

  private final PageStore delegate;
  private final Counters counters;

  TimedPageStore(PageStore delegate, Counters counters) {
    this.delegate = delegate;
    this.counters = counters;
  }

  @Override
  public StatResult stat(NamespaceRef ns, Version fromVersion, String lockOwner) {
    return timed(Call.STAT, 0, () -> delegate.stat(ns, fromVersion, lockOwner));
  }

  @Override
  public List<StatResult> statGroup(List<StatQuery> queries) {
    return timed(Call.STAT, 0, () -> delegate.statGroup(queries));
  }

  @Override
  public List<PageData> read(NamespaceRef ns, List<PageRead> reads) {
    return timed(Call.READ, reads.size(), () -> delegate.read(ns, reads));
  }

  @Override
  public List<PageHash> write(NamespaceRef ns, List<PageWrite> writes, LeaseId lease) {
    return timed(Call.WRITE, writes.size(), () -> delegate.write(ns, writes, lease));
  }

  @Override
  public void renewLease(NamespaceRef ns, LeaseId lease) {
    timed(
        Call.OTHER,
        0,
        () -> {
          delegate.renewLease(ns, lease);
          return null;
        });
  }

  @Override
  public CommitOutcome commit(CommitRequest request) {
    return timed(Call.COMMIT, request.totalPages(), () -> delegate.commit(request));
  }

  @Override
  public Time2VersionResult time2version(long unixSeconds) {
    return timed(Call.OTHER, 0, () -> delegate.time2version(unixSeconds));
  }

  @Override
  public LockAcquireOutcome acquireLock(NamespaceRef ns, String owner, Version version) {
    return timed(Call.OTHER, 0, () -> delegate.acquireLock(ns, owner, version));
  }

  @Override
  public void releaseLock(NamespaceRef ns, String owner, LockReleaseMode mode) {
    timed(
        Call.OTHER,
        0,
        () -> {
          delegate.releaseLock(ns, owner, mode);
          return null;
        });
  }

  private <T> T timed(Call call, long pages, Supplier<T> body) {
    long start = System.nanoTime();
    try {
      return body.get();
    } finally {
      counters.add(call, pages, System.nanoTime() - start);
    }
  }

  @Override
  public String toString() {
    return "Timed[" + delegate + "]";
  }
}
