package io.mvsqlite.kv;

import static io.mvsqlite.kv.KvTestData.fromLe64;
import static io.mvsqlite.kv.KvTestData.le64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model check of serializability: threads run random transactions (point and range reads,
 * serializable and snapshot, sets, clears, range clears, ADDs) over a small key space, recording
 * what each read returned and its commit versionstamp. The committed transactions are then replayed
 * serially, in versionstamp order, on a {@link TreeMap}, checking that
 *
 * <ol>
 *   <li>every serializable read returned what the serial execution returns at that point;
 *   <li>every snapshot read returned the state as of the transaction's read version (plus its own
 *       writes);
 *   <li>read-only transactions saw the state as of their read version;
 *   <li>the store's final contents equal the model's.
 * </ol>
 *
 * Failures name the seed. Thread interleaving is not deterministic; the operations each thread
 * issues are.
 */
final class RandomTransactionCheck {

  sealed interface Op {}

  record Get(byte[] key, boolean snapshot, byte[] result) implements Op {}

  record Range(
      byte[] begin, byte[] end, int limit, boolean reverse, boolean snapshot, List<KeyValue> result)
      implements Op {}

  record Set(byte[] key, byte[] value) implements Op {}

  record Clear(byte[] key) implements Op {}

  record ClearRange(byte[] begin, byte[] end) implements Op {}

  record Add(byte[] key, byte[] param) implements Op {}

  /**
   * A committed transaction: read version, versionstamp ({@code null} if read-only) and what it
   * did.
   */
  record Committed(String name, long readVersion, Versionstamp stamp, List<Op> ops) {}

  /** What a run produced. */
  record Outcome(List<Committed> committed, int conflicts) {}

  private final KvStore store;
  private final byte[] prefix;
  private final long seed;
  private final int keyCount;

  RandomTransactionCheck(KvStore store, byte[] prefix, long seed, int keyCount) {
    this.store = store;
    this.prefix = prefix;
    this.seed = seed;
    this.keyCount = keyCount;
  }

  Outcome run(int threads, int transactionsPerThread)
      throws InterruptedException, ExecutionException {
    List<Committed> committed = new ArrayList<>();
    AtomicInteger conflicts = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Committed>>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return runThread(thread, transactionsPerThread, conflicts);
                }));
      }
      start.countDown();
      for (Future<List<Committed>> f : results) {
        committed.addAll(f.get());
      }
    }
    return new Outcome(committed, conflicts.get());
  }

  private List<Committed> runThread(int thread, int count, AtomicInteger conflicts) {
    Random random = new Random(seed * 1_000_003L + thread);
    List<Committed> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<Op> ops = new ArrayList<>();
      int opCount = 1 + random.nextInt(6);
      try (KvTransaction tr = store.createTransaction()) {
        long readVersion = tr.getReadVersion();
        for (int j = 0; j < opCount; j++) {
          ops.add(randomOp(tr, random));
        }
        CommitResult result = tr.commit();
        out.add(
            new Committed(
                "thread " + thread + " transaction " + i, readVersion, result.versionstamp(), ops));
      } catch (KvException e) {
        if (e.error() != KvError.NOT_COMMITTED) {
          throw e;
        }
        conflicts.incrementAndGet();
      }
    }
    return out;
  }

  private Op randomOp(KvTransaction tr, Random random) {
    int pick = random.nextInt(100);
    boolean snapshot = random.nextInt(3) == 0;
    KvReader reader = snapshot ? tr.snapshot() : tr;
    if (pick < 25) {
      byte[] k = key(random.nextInt(keyCount));
      return new Get(k, snapshot, reader.get(k));
    }
    if (pick < 40) {
      int a = random.nextInt(keyCount + 1);
      int b = random.nextInt(keyCount + 1);
      byte[] begin = key(Math.min(a, b));
      byte[] end = key(Math.max(a, b));
      int limit = random.nextInt(4);
      boolean reverse = random.nextBoolean();
      return new Range(
          begin, end, limit, reverse, snapshot, reader.getRange(begin, end, limit, reverse));
    }
    if (pick < 65) {
      byte[] k = key(random.nextInt(keyCount));
      byte[] v = le64(random.nextInt(1000));
      tr.set(k, v);
      return new Set(k, v);
    }
    if (pick < 75) {
      byte[] k = key(random.nextInt(keyCount));
      tr.clear(k);
      return new Clear(k);
    }
    if (pick < 82) {
      int a = random.nextInt(keyCount + 1);
      int b = random.nextInt(keyCount + 1);
      byte[] begin = key(Math.min(a, b));
      byte[] end = key(Math.max(a, b));
      tr.clearRange(begin, end);
      return new ClearRange(begin, end);
    }
    byte[] k = key(random.nextInt(keyCount));
    byte[] p = le64(random.nextInt(100));
    tr.mutate(MutationType.ADD, k, p);
    return new Add(k, p);
  }

  private byte[] key(int i) {
    return Bytes.concat(prefix, KvTestData.bytes(String.format("k%02d", i)));
  }

  /**
   * Replays {@code outcome} serially and checks it, and the store's {@code finalContents}, against
   * the model.
   */
  void check(Outcome outcome, List<KeyValue> finalContents) {
    List<Committed> writers = new ArrayList<>();
    List<Committed> readers = new ArrayList<>();
    for (Committed c : outcome.committed()) {
      (c.stamp() == null ? readers : writers).add(c);
    }
    writers.sort(Comparator.comparing(Committed::stamp));
    TreeMap<byte[], byte[]> state = new TreeMap<>(Bytes.COMPARATOR);
    TreeMap<Long, TreeMap<byte[], byte[]>> history = new TreeMap<>();
    for (Committed w : writers) {
      TreeMap<byte[], byte[]> serial = new TreeMap<>(state);
      TreeMap<byte[], byte[]> snapshot = new TreeMap<>(stateAt(history, w.readVersion()));
      replay(w, serial, snapshot);
      state = serial;
      history.put(w.stamp().commitVersion(), new TreeMap<>(state));
    }
    for (Committed r : readers) {
      replay(
          r,
          new TreeMap<>(stateAt(history, r.readVersion())),
          new TreeMap<>(stateAt(history, r.readVersion())));
    }
    List<KeyValue> expected = new ArrayList<>();
    state.forEach((k, v) -> expected.add(new KeyValue(k, v)));
    if (!expected.equals(finalContents)) {
      throw failure("final contents differ from the serial model", expected, finalContents);
    }
  }

  private static NavigableMap<byte[], byte[]> stateAt(
      TreeMap<Long, TreeMap<byte[], byte[]>> history, long version) {
    Map.Entry<Long, TreeMap<byte[], byte[]>> e = history.floorEntry(version);
    return e == null ? new TreeMap<>(Bytes.COMPARATOR) : e.getValue();
  }

  private void replay(
      Committed tx, TreeMap<byte[], byte[]> serial, TreeMap<byte[], byte[]> snapshot) {
    for (int i = 0; i < tx.ops().size(); i++) {
      Op op = tx.ops().get(i);
      String where =
          tx.name()
              + " (readVersion "
              + tx.readVersion()
              + ", stamp "
              + tx.stamp()
              + ") op "
              + i
              + ": "
              + describe(op);
      switch (op) {
        case Get g -> {
          byte[] expected = (g.snapshot() ? snapshot : serial).get(g.key());
          if (!Arrays.equals(expected, g.result())) {
            throw failure(where, Bytes.hex(expected), Bytes.hex(g.result()));
          }
        }
        case Range r -> {
          List<KeyValue> expected =
              range(r.snapshot() ? snapshot : serial, r.begin(), r.end(), r.limit(), r.reverse());
          if (!expected.equals(r.result())) {
            throw failure(where, expected, r.result());
          }
        }
        case Set s -> {
          serial.put(s.key(), s.value());
          snapshot.put(s.key(), s.value());
        }
        case Clear c -> {
          serial.remove(c.key());
          snapshot.remove(c.key());
        }
        case ClearRange c -> {
          serial.subMap(c.begin(), c.end()).clear();
          snapshot.subMap(c.begin(), c.end()).clear();
        }
        case Add a -> {
          add(serial, a);
          add(snapshot, a);
        }
      }
    }
  }

  private String describe(Op op) {
    return switch (op) {
      case Get g -> (g.snapshot() ? "snapshot " : "") + "get " + name(g.key());
      case Range r ->
          (r.snapshot() ? "snapshot " : "")
              + "getRange ["
              + name(r.begin())
              + ", "
              + name(r.end())
              + ") limit "
              + r.limit()
              + (r.reverse() ? " reverse" : "");
      case Set s -> "set " + name(s.key()) + " = " + fromLe64(s.value());
      case Clear c -> "clear " + name(c.key());
      case ClearRange c -> "clearRange [" + name(c.begin()) + ", " + name(c.end()) + ")";
      case Add a -> "add " + name(a.key()) + " += " + fromLe64(a.param());
    };
  }

  private String name(byte[] key) {
    return KvTestData.str(Arrays.copyOfRange(key, prefix.length, key.length));
  }

  private static void add(TreeMap<byte[], byte[]> map, Add a) {
    byte[] old = map.get(a.key());
    map.put(a.key(), old == null ? a.param() : le64(fromLe64(old) + fromLe64(a.param())));
  }

  private static List<KeyValue> range(
      TreeMap<byte[], byte[]> map, byte[] begin, byte[] end, int limit, boolean reverse) {
    NavigableMap<byte[], byte[]> sub = map.subMap(begin, true, end, false);
    if (reverse) {
      sub = sub.descendingMap();
    }
    List<KeyValue> out = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : sub.entrySet()) {
      if (limit > 0 && out.size() == limit) {
        break;
      }
      out.add(new KeyValue(e.getKey(), e.getValue()));
    }
    return out;
  }

  private AssertionError failure(String what, Object expected, Object actual) {
    return new AssertionError(
        "serializability check failed (seed "
            + seed
            + "): "
            + what
            + "\n expected: "
            + expected
            + "\n actual:   "
            + actual);
  }
}
