package io.mvsqlite.kv.rocksdb;

import static io.mvsqlite.kv.KvTestData.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.MutationType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.Snapshot;

/**
 * {@link RangeMerger} over a real RocksDB snapshot and a {@link WriteMap}, against a model: a
 * TreeMap of the stored data with the local writes applied, and the set of keys whose value is
 * known locally (independent keys).
 */
class WriteMapRangeMergeTest {

  private static final long SEED = 90_210L;
  private static final int LETTERS = 12;

  @TempDir Path dir;
  private Options options;
  private RocksDB db;

  @BeforeEach
  void open() throws Exception {
    RocksDB.loadLibrary();
    options = new Options().setCreateIfMissing(true);
    db = RocksDB.open(options, dir.toString());
  }

  @AfterEach
  void close() {
    db.close();
    options.close();
  }

  /** Keys: letters a.. and, between them, letter + "0". */
  private static byte[] key(int i) {
    return i % 2 == 0 ? new byte[] {(byte) ('a' + i / 2)} : new byte[] {(byte) ('a' + i / 2), '0'};
  }

  @Test
  void clearedRangesAreSkippedBySeekingInBothDirections() throws Exception {
    for (String k : List.of("a", "b", "c", "d", "e", "f")) {
      db.put(bytes(k), bytes(k));
    }
    WriteMap writes = new WriteMap();
    writes.clearRange(bytes("b"), bytes("e"));
    writes.set(bytes("c"), bytes("local"));
    Snapshot snapshot = db.getSnapshot();
    try {
      assertThat(read(snapshot, writes, "a", "z", 0, false))
          .containsExactly("a=a", "c=local", "e=e", "f=f");
      assertThat(read(snapshot, writes, "a", "z", 0, true))
          .containsExactly("f=f", "e=e", "c=local", "a=a");
      assertThat(read(snapshot, writes, "b", "e", 0, true)).containsExactly("c=local");
    } finally {
      db.releaseSnapshot(snapshot);
    }
  }

  @Test
  void extentStopsAtTheLastKeyWhenTheLimitIsReached() throws Exception {
    for (String k : List.of("a", "c", "e")) {
      db.put(bytes(k), bytes(k));
    }
    Snapshot snapshot = db.getSnapshot();
    try {
      ColumnFamilyHandle cf = db.getDefaultColumnFamily();
      WriteMap writes = new WriteMap();
      assertThat(
              RangeMerger.read(db, cf, snapshot, writes, bytes("a"), bytes("z"), 2, false).extent())
          .isEqualTo(new KeyRange(bytes("a"), bytes("c\u0000")));
      assertThat(
              RangeMerger.read(db, cf, snapshot, writes, bytes("a"), bytes("z"), 2, true).extent())
          .isEqualTo(new KeyRange(bytes("c"), bytes("z")));
      assertThat(
              RangeMerger.read(db, cf, snapshot, writes, bytes("a"), bytes("z"), 4, false).extent())
          .isEqualTo(new KeyRange(bytes("a"), bytes("z")));
    } finally {
      db.releaseSnapshot(snapshot);
    }
  }

  @Test
  void randomLocalWritesMergeLikeTheModel() throws Exception {
    Random random = new Random(SEED);
    int keys = 2 * LETTERS;
    for (int round = 0; round < 150; round++) {
      TreeMap<byte[], byte[]> stored = new TreeMap<>(Bytes.COMPARATOR);
      try (var it = db.newIterator()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          db.delete(it.key());
        }
      }
      for (int i = 0; i < keys; i++) {
        if (random.nextInt(2) == 0) {
          byte[] v = {(byte) random.nextInt(50)};
          db.put(key(i), v);
          stored.put(key(i), v);
        }
      }
      Snapshot snapshot = db.getSnapshot();
      try {
        TreeMap<byte[], byte[]> merged = new TreeMap<>(stored);
        Set<Integer> independent = new HashSet<>();
        WriteMap writes = new WriteMap();
        List<String> log = new ArrayList<>();
        for (int step = 0; step < 1 + random.nextInt(8); step++) {
          applyRandomWrite(random, keys, writes, merged, independent, log);
        }
        for (int q = 0; q < 6; q++) {
          int a = random.nextInt(keys + 1);
          int b = random.nextInt(keys + 1);
          byte[] begin = key(Math.min(a, b));
          byte[] end = Math.max(a, b) == keys ? bytes("z") : key(Math.max(a, b));
          int limit = random.nextInt(4);
          boolean reverse = random.nextBoolean();
          String context =
              "seed "
                  + SEED
                  + " round "
                  + round
                  + " writes "
                  + log
                  + " read ["
                  + Bytes.hex(begin)
                  + ","
                  + Bytes.hex(end)
                  + ") limit "
                  + limit
                  + (reverse ? " reverse" : "");
          RangeMerger.Result result =
              RangeMerger.read(
                  db, db.getDefaultColumnFamily(), snapshot, writes, begin, end, limit, reverse);
          assertThat(result.rows())
              .as(context)
              .isEqualTo(modelRange(merged, begin, end, limit, reverse));
          List<KeyRange> dependent = writes.dependentParts(begin, end);
          for (int i = 0; i < keys; i++) {
            byte[] k = key(i);
            if (Bytes.compare(k, begin) >= 0 && Bytes.compare(k, end) < 0) {
              boolean needsStore = dependent.stream().anyMatch(r -> r.contains(k));
              assertThat(needsStore)
                  .as(context + " key " + Bytes.hex(k) + " needs the store")
                  .isEqualTo(!independent.contains(i));
            }
          }
        }
      } finally {
        db.releaseSnapshot(snapshot);
      }
    }
  }

  private static void applyRandomWrite(
      Random random,
      int keys,
      WriteMap writes,
      TreeMap<byte[], byte[]> merged,
      Set<Integer> independent,
      List<String> log) {
    int i = random.nextInt(keys);
    switch (random.nextInt(4)) {
      case 0 -> {
        byte[] v = {(byte) (100 + random.nextInt(50))};
        writes.set(key(i), v);
        merged.put(key(i), v);
        independent.add(i);
        log.add("set " + Bytes.hex(key(i)));
      }
      case 1 -> {
        writes.clear(key(i));
        merged.remove(key(i));
        independent.add(i);
        log.add("clear " + Bytes.hex(key(i)));
      }
      case 2 -> {
        int j = i + random.nextInt(keys - i + 1);
        writes.clearRange(key(i), j == keys ? bytes("z") : key(j));
        merged.subMap(key(i), true, j == keys ? bytes("z") : key(j), false).clear();
        for (int k = i; k < j; k++) {
          independent.add(k);
        }
        log.add("clearRange " + Bytes.hex(key(i)) + " " + j);
      }
      default -> {
        byte[] p = {(byte) (1 + random.nextInt(5))};
        writes.mutate(MutationType.ADD, key(i), p);
        byte[] old = merged.get(key(i));
        merged.put(key(i), old == null ? p : new byte[] {(byte) (old[0] + p[0])});
        log.add("add " + Bytes.hex(key(i)));
      }
    }
  }

  private static List<KeyValue> modelRange(
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

  private List<String> read(
      Snapshot snapshot, WriteMap writes, String begin, String end, int limit, boolean reverse)
      throws Exception {
    List<String> out = new ArrayList<>();
    for (KeyValue kv :
        RangeMerger.read(
                db,
                db.getDefaultColumnFamily(),
                snapshot,
                writes,
                bytes(begin),
                bytes(end),
                limit,
                reverse)
            .rows()) {
      out.add(new String(kv.key()) + "=" + new String(kv.value()));
    }
    return out;
  }
}
