package io.mvsqlite.client.transport;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.LockAcquireOutcome;
import io.mvsqlite.protocol.LockReleaseMode;
import io.mvsqlite.protocol.MvException;
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
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Wraps a real {@link PageStore} and injects scripted faults per operation ({@code "stat"}, {@code
 * "read"}, {@code "write"}, {@code "renewLease"}, {@code "commit"}, ...): fail before calling the
 * store, fail after it (the answer is lost although the store did the work), or answer a commit
 * with another outcome. Counts every call. Thread-safe.
 */
public final class FaultInjectingPageStore implements PageStore {

  /** One scripted fault. */
  public sealed interface Fault {}

  /** Throw without calling the store. */
  public record Before(MvException error) implements Fault {}

  /** Call the store, then throw: the store did the work, the caller never learns it. */
  public record After(MvException error) implements Fault {}

  /** Answer a commit with {@code outcome} without calling the store. */
  public record Outcome(CommitOutcome outcome) implements Fault {}

  private final PageStore delegate;
  private final Map<String, Queue<Fault>> script = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  public FaultInjectingPageStore(PageStore delegate) {
    this.delegate = delegate;
  }

  /** Applies {@code fault} to the next {@code times} calls of {@code operation}. */
  public FaultInjectingPageStore inject(String operation, int times, Fault fault) {
    Queue<Fault> q = script.computeIfAbsent(operation, o -> new ConcurrentLinkedQueue<>());
    for (int i = 0; i < times; i++) {
      q.add(fault);
    }
    return this;
  }

  /** Calls of {@code operation} so far (faulted ones included). */
  public int calls(String operation) {
    AtomicInteger n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  private <T> T call(String operation, Supplier<T> body) {
    calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
    Queue<Fault> q = script.get(operation);
    Fault fault = q == null ? null : q.poll();
    return switch (fault) {
      case null -> body.get();
      case Before b -> throw b.error();
      case After a -> {
        body.get();
        throw a.error();
      }
      case Outcome o -> {
        @SuppressWarnings("unchecked")
        T outcome = (T) o.outcome();
        yield outcome;
      }
    };
  }

  @Override
  public StatResult stat(NamespaceRef ns, Version fromVersion, String lockOwner) {
    return call("stat", () -> delegate.stat(ns, fromVersion, lockOwner));
  }

  @Override
  public List<StatResult> statGroup(List<StatQuery> queries) {
    return call("statGroup", () -> delegate.statGroup(queries));
  }

  @Override
  public List<PageData> read(NamespaceRef ns, List<PageRead> reads) {
    return call("read", () -> delegate.read(ns, reads));
  }

  @Override
  public List<PageHash> write(NamespaceRef ns, List<PageWrite> writes, LeaseId lease) {
    return call("write", () -> delegate.write(ns, writes, lease));
  }

  @Override
  public void renewLease(NamespaceRef ns, LeaseId lease) {
    call(
        "renewLease",
        () -> {
          delegate.renewLease(ns, lease);
          return null;
        });
  }

  @Override
  public CommitOutcome commit(CommitRequest request) {
    return call("commit", () -> delegate.commit(request));
  }

  @Override
  public Time2VersionResult time2version(long unixSeconds) {
    return call("time2version", () -> delegate.time2version(unixSeconds));
  }

  @Override
  public LockAcquireOutcome acquireLock(NamespaceRef ns, String owner, Version version) {
    return call("acquireLock", () -> delegate.acquireLock(ns, owner, version));
  }

  @Override
  public void releaseLock(NamespaceRef ns, String owner, LockReleaseMode mode) {
    call(
        "releaseLock",
        () -> {
          delegate.releaseLock(ns, owner, mode);
          return null;
        });
  }
}
