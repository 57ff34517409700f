package io.mvsqlite.kv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store that stores nothing: it records the name of every call its transactions receive, answers
 * reads with "absent" and commits with increasing versions. Only for testing wrappers such as
 * {@link FaultInjectingKvStore} (what reaches the delegate, and when); never a stand-in for a real
 * backend.
 */
final class RecordingKvStore implements KvStore {

  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong version = new AtomicLong(1_000);

  @Override
  public KvTransaction createTransaction() {
    calls.add("createTransaction");
    return new Tr();
  }

  @Override
  public String describe() {
    return "recording";
  }

  @Override
  public void close() {
    calls.add("close");
  }

  long count(String call) {
    synchronized (calls) {
      return calls.stream().filter(call::equals).count();
    }
  }

  private final class Tr implements KvTransaction {
    @Override
    public CompletableFuture<byte[]> getAsync(byte[] key) {
      calls.add("get");
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<KeyValue>> getRangeAsync(
        byte[] begin, byte[] end, int limit, boolean reverse) {
      calls.add("getRange");
      return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public KvReader snapshot() {
      return new KvReader() {
        @Override
        public CompletableFuture<byte[]> getAsync(byte[] key) {
          calls.add("snapshot.get");
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<List<KeyValue>> getRangeAsync(
            byte[] begin, byte[] end, int limit, boolean reverse) {
          calls.add("snapshot.getRange");
          return CompletableFuture.completedFuture(List.of());
        }
      };
    }

    @Override
    public long getReadVersion() {
      calls.add("getReadVersion");
      return version.get();
    }

    @Override
    public void setReadVersion(long v) {
      calls.add("setReadVersion");
    }

    @Override
    public void set(byte[] key, byte[] value) {
      calls.add("set");
    }

    @Override
    public void clear(byte[] key) {
      calls.add("clear");
    }

    @Override
    public void clearRange(byte[] begin, byte[] end) {
      calls.add("clearRange");
    }

    @Override
    public void mutate(MutationType type, byte[] key, byte[] param) {
      calls.add("mutate");
    }

    @Override
    public void addReadConflictRange(byte[] begin, byte[] end) {
      calls.add("addReadConflictRange");
    }

    @Override
    public void addWriteConflictRange(byte[] begin, byte[] end) {
      calls.add("addWriteConflictRange");
    }

    @Override
    public void setNextWriteNoWriteConflictRange() {
      calls.add("setNextWriteNoWriteConflictRange");
    }

    @Override
    public void setOption(TransactionOption option) {
      calls.add("setOption");
    }

    @Override
    public long getApproximateSize() {
      calls.add("getApproximateSize");
      return 0;
    }

    @Override
    public CommitResult commit() {
      calls.add("commit");
      long v = version.incrementAndGet();
      return new CommitResult(v, new Versionstamp(v, 0));
    }

    @Override
    public void close() {
      calls.add("tr.close");
    }
  }
}
