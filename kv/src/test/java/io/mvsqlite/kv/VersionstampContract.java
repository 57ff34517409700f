package io.mvsqlite.kv;

import static io.mvsqlite.kv.KvTestData.bytes;
import static io.mvsqlite.kv.KvTestData.raw;
import static io.mvsqlite.kv.MutationType.SET_VERSIONSTAMPED_KEY;
import static io.mvsqlite.kv.MutationType.SET_VERSIONSTAMPED_VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Contract: versionstamped keys and values, their order, their validation, and their unreadability.
 */
public interface VersionstampContract extends KvContractFixture {

  @Test
  default void versionstampedKeyReceivesTheCommitVersionstamp() {
    CommitResult result;
    try (KvTransaction tr = store().createTransaction()) {
      tr.mutate(
          MutationType.SET_VERSIONSTAMPED_KEY,
          Versionstamp.incompleteParam(key("vs/"), bytes("/x")),
          bytes("v"));
      result = tr.commit();
    }
    assertThat(result.versionstamp()).isNotNull();
    assertThat(result.versionstamp().commitVersion()).isEqualTo(result.version());
    try (KvTransaction tr = store().createTransaction()) {
      List<KeyValue> rows = tr.getRange(key("vs/"), Bytes.strinc(key("vs/")));
      assertThat(rows).hasSize(1);
      byte[] k = rows.getFirst().key();
      int at = key("vs/").length;
      assertThat(Arrays.copyOfRange(k, at, at + Versionstamp.LENGTH))
          .isEqualTo(result.versionstamp().toBytes());
      assertThat(Arrays.copyOfRange(k, at + Versionstamp.LENGTH, k.length)).isEqualTo(bytes("/x"));
      assertThat(rows.getFirst().value()).isEqualTo(bytes("v"));
    }
  }

  @Test
  default void versionstampedValueReceivesTheCommitVersionstamp() {
    CommitResult result;
    try (KvTransaction tr = store().createTransaction()) {
      tr.mutate(
          MutationType.SET_VERSIONSTAMPED_VALUE,
          key("k"),
          Versionstamp.incompleteParam(bytes("head"), bytes("tail")));
      result = tr.commit();
    }
    byte[] expected = Bytes.concat(bytes("head"), result.versionstamp().toBytes(), bytes("tail"));
    assertThat(rawValueOf("k")).isEqualTo(expected);
  }

  @Test
  default void versionstampsOrderAsCommitsDo() {
    List<Versionstamp> stamps = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      try (KvTransaction tr = store().createTransaction()) {
        tr.mutate(
            MutationType.SET_VERSIONSTAMPED_KEY,
            Versionstamp.incompleteParam(key("log/"), bytes("")),
            bytes(Integer.toString(i)));
        stamps.add(tr.commit().versionstamp());
      }
    }
    assertThat(stamps).isSorted().doesNotHaveDuplicates();
    try (KvTransaction tr = store().createTransaction()) {
      List<KeyValue> rows = tr.getRange(key("log/"), Bytes.strinc(key("log/")));
      assertThat(rows)
          .extracting(kv -> KvTestData.str(kv.value()))
          .containsExactly("0", "1", "2", "3", "4");
      assertThat(rows)
          .extracting(kv -> Versionstamp.fromBytes(kv.key(), key("log/").length))
          .containsExactlyElementsOf(stamps);
    }
  }

  @Test
  default void oneCommitStampsAllItsMutationsAlike() {
    CommitResult result;
    try (KvTransaction tr = store().createTransaction()) {
      tr.mutate(
          MutationType.SET_VERSIONSTAMPED_KEY,
          Versionstamp.incompleteParam(key("a/"), bytes("")),
          bytes("1"));
      tr.mutate(
          MutationType.SET_VERSIONSTAMPED_KEY,
          Versionstamp.incompleteParam(key("b/"), bytes("")),
          bytes("2"));
      tr.mutate(
          MutationType.SET_VERSIONSTAMPED_VALUE,
          key("c"),
          Versionstamp.incompleteParam(bytes(""), bytes("")));
      result = tr.commit();
    }
    byte[] stamp = result.versionstamp().toBytes();
    assertThat(contents())
        .containsExactlyInAnyOrder(
            "a/" + KvTestData.str(stamp) + "=1",
            "b/" + KvTestData.str(stamp) + "=2",
            "c=" + KvTestData.str(stamp));
  }

  @Test
  default void concurrentCommitsGetDistinctOrderedVersionstamps() throws Exception {
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<CommitResult>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(
            pool.submit(
                () -> {
                  try (KvTransaction tr = store().createTransaction()) {
                    tr.mutate(
                        MutationType.SET_VERSIONSTAMPED_VALUE,
                        key("t" + id),
                        Versionstamp.incompleteParam(new byte[0], new byte[0]));
                    start.await();
                    return tr.commit();
                  }
                }));
      }
      start.countDown();
      Set<Versionstamp> seen = new HashSet<>();
      for (int t = 0; t < threads; t++) {
        CommitResult r = futures.get(t).get();
        assertThat(r.versionstamp().commitVersion()).isEqualTo(r.version());
        assertThat(seen.add(r.versionstamp())).as("distinct versionstamps").isTrue();
        assertThat(rawValueOf("t" + t)).isEqualTo(r.versionstamp().toBytes());
        // Byte order of the stamps is their commit order: version first, batch order second.
        byte[] b = r.versionstamp().toBytes();
        assertThat(ByteBuffer.wrap(b).getLong()).isEqualTo(r.version());
      }
    }
  }

  @Test
  default void versionstampOffsetOutOfRangeIsRejectedAndChangesNothing() {
    try (KvTransaction tr = store().createTransaction()) {
      // The offset leaves only 5 bytes for the 10-byte versionstamp.
      byte[] shortKey = Bytes.concat(key("x"), KvTestData.le32(key("x").length - 5));
      assertKvError(
          KvError.INVALID_ARGUMENT, () -> tr.mutate(SET_VERSIONSTAMPED_KEY, shortKey, bytes("v")));
      byte[] badOffset = Bytes.concat(new byte[12], raw(5, 0, 0, 0));
      assertKvError(
          KvError.INVALID_ARGUMENT, () -> tr.mutate(SET_VERSIONSTAMPED_VALUE, key("k"), badOffset));
      assertKvError(
          KvError.INVALID_ARGUMENT, () -> tr.mutate(SET_VERSIONSTAMPED_VALUE, key("k"), raw(0, 0)));
      byte[] negative = Bytes.concat(new byte[12], raw(0xff, 0xff, 0xff, 0xff));
      assertKvError(
          KvError.INVALID_ARGUMENT, () -> tr.mutate(SET_VERSIONSTAMPED_VALUE, key("k"), negative));
      assertThat(tr.get(key("k"))).isNull();
      assertThat(tr.commit().versionstamp()).as("nothing was written").isNull();
    }
    assertThat(contents()).isEmpty();
  }

  @Test
  default void keyWithAVersionstampedValueIsUnreadableInItsTransaction() {
    put("before", "b", "k", "old", "z", "z");
    try (KvTransaction tr = store().createTransaction()) {
      tr.mutate(
          MutationType.SET_VERSIONSTAMPED_VALUE,
          key("k"),
          Versionstamp.incompleteParam(bytes(""), bytes("")));
      assertKvError(KvError.ACCESSED_UNREADABLE, () -> tr.get(key("k")));
      assertKvError(KvError.ACCESSED_UNREADABLE, () -> tr.snapshot().get(key("k")));
      assertKvError(KvError.ACCESSED_UNREADABLE, () -> tr.getRange(prefix(), prefixEnd()));
      assertThat(tr.getRange(key("before"), key("k"))).hasSize(1);
      assertThat(tr.getRange(prefix(), prefixEnd(), 1, false)).hasSize(1);
      assertThat(tr.getRange(key("k0"), prefixEnd(), 0, true)).hasSize(1);
      tr.set(key("k"), bytes("plain"));
      assertThat(tr.get(key("k"))).isEqualTo(bytes("plain"));
    }
  }

  @Test
  default void rangeOverPossibleVersionstampedKeysIsUnreadable() {
    put("a", "1", "vs/\u0000", "low", "z", "26");
    try (KvTransaction tr = store().createTransaction()) {
      long readVersion = tr.getReadVersion();
      tr.mutate(
          MutationType.SET_VERSIONSTAMPED_KEY,
          Versionstamp.incompleteParam(key("vs/"), bytes("")),
          bytes("v"));
      assertKvError(
          KvError.ACCESSED_UNREADABLE, () -> tr.getRange(key("vs/"), Bytes.strinc(key("vs/"))));
      assertKvError(
          KvError.ACCESSED_UNREADABLE, () -> tr.snapshot().getRange(prefix(), prefixEnd()));
      // The possible keys start at the read version: keys below it stay readable, and so do keys
      // outside.
      byte[] fromReadVersion =
          Bytes.concat(key("vs/"), ByteBuffer.allocate(8).putLong(readVersion).array());
      assertThat(KvTestData.keysAfter(prefix(), tr.getRange(key("vs/"), fromReadVersion)))
          .containsExactly("vs/\u0000");
      byte[] firstPossibleKey = Bytes.concat(fromReadVersion, raw(0, 0));
      assertKvError(
          KvError.ACCESSED_UNREADABLE,
          () -> tr.getRange(key("vs/"), Bytes.keyAfter(firstPossibleKey)));
      assertThat(tr.getRange(key("vs/"), firstPossibleKey)).hasSize(1);
      assertThat(KvTestData.keysAfter(prefix(), tr.getRange(key("a"), key("vs/"))))
          .containsExactly("a");
      assertThat(KvTestData.keysAfter(prefix(), tr.getRange(prefix(), prefixEnd(), 1, false)))
          .containsExactly("a");
      assertThat(KvTestData.keysAfter(prefix(), tr.getRange(prefix(), prefixEnd(), 1, true)))
          .containsExactly("z");
      assertThat(tr.get(key("vs/\u0000"))).isEqualTo(bytes("low"));
    }
  }
}
