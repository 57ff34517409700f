package io.mvsqlite.kv;

import static io.mvsqlite.kv.KvTestData.bytes;
import static io.mvsqlite.kv.KvTestData.keysAfter;
import static io.mvsqlite.kv.KvTestData.raw;
import static io.mvsqlite.kv.KvTestData.str;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Contract: point reads, key order, range reads and clears, argument checks, the legal key range.
 */
public interface RangeReadContract extends KvContractFixture {

  @Test
  default void absentKeyReadsAsNull() {
    try (KvTransaction tr = store().createTransaction()) {
      assertThat(tr.get(key("missing"))).isNull();
      assertThat(tr.snapshot().get(key("missing"))).isNull();
    }
  }

  @Test
  default void committedSetIsVisibleToLaterTransactions() {
    put("a", "1", "b", "2");
    assertThat(valueOf("a")).isEqualTo("1");
    assertThat(valueOf("b")).isEqualTo("2");
    put("a", "3");
    assertThat(valueOf("a")).isEqualTo("3");
  }

  @Test
  default void keysOrderAsUnsignedBytes() {
    try (KvTransaction tr = store().createTransaction()) {
      for (byte[] suffix :
          List.of(
              raw(0xff), raw(0x80), raw(0x7f), raw(0x7f, 0x00), raw(0x00), raw(0x01), raw(0xfe))) {
        tr.set(key(suffix), bytes("v"));
      }
      tr.commit();
    }
    try (KvTransaction tr = store().createTransaction()) {
      List<KeyValue> rows = tr.getRange(prefix(), prefixEnd());
      assertThat(rows)
          .extracting(
              kv -> Bytes.hex(Arrays.copyOfRange(kv.key(), prefix().length, kv.key().length)))
          .containsExactly("00", "01", "7f", "7f00", "80", "fe", "ff");
    }
  }

  @Test
  default void rangeReadIsHalfOpen() {
    put("a", "1", "b", "2", "c", "3", "d", "4");
    try (KvTransaction tr = store().createTransaction()) {
      assertThat(keysAfter(prefix(), tr.getRange(key("b"), key("d")))).containsExactly("b", "c");
      assertThat(keysAfter(prefix(), tr.getRange(key("b"), key("d"), 0, true)))
          .containsExactly("c", "b");
      assertThat(tr.getRange(key("b"), key("d")).getFirst().value()).isEqualTo(bytes("2"));
    }
  }

  @Test
  default void forwardLimitReturnsTheFirstKeys() {
    put("a", "1", "b", "2", "c", "3", "d", "4", "e", "5");
    try (KvTransaction tr = store().createTransaction()) {
      assertThat(keysAfter(prefix(), tr.getRange(key("a"), key("z"), 2, false)))
          .containsExactly("a", "b");
      assertThat(keysAfter(prefix(), tr.getRange(key("b"), key("z"), 10, false)))
          .containsExactly("b", "c", "d", "e");
    }
  }

  @Test
  default void reverseLimitReturnsTheKeysNearestTheEnd() {
    put("a", "1", "b", "2", "c", "3", "d", "4", "e", "5");
    try (KvTransaction tr = store().createTransaction()) {
      assertThat(keysAfter(prefix(), tr.getRange(key("a"), key("z"), 2, true)))
          .containsExactly("e", "d");
      assertThat(keysAfter(prefix(), tr.getRange(key("a"), key("d"), 2, true)))
          .containsExactly("c", "b");
      assertThat(keysAfter(prefix(), tr.getRange(key("a"), key("z"), 0, true)))
          .containsExactly("e", "d", "c", "b", "a");
    }
  }

  @Test
  default void emptyRangesReturnNothing() {
    put("a", "1", "c", "3");
    try (KvTransaction tr = store().createTransaction()) {
      assertThat(tr.getRange(key("a"), key("a"))).isEmpty();
      assertThat(tr.getRange(key("b"), key("c"))).isEmpty();
      assertThat(tr.getRange(key("b"), key("c"), 1, true)).isEmpty();
      assertThat(tr.getRange(key("d"), key("z"))).isEmpty();
    }
  }

  @Test
  default void invertedRangesAreRejected() {
    try (KvTransaction tr = store().createTransaction()) {
      assertKvError(KvError.INVERTED_RANGE, () -> tr.getRange(key("b"), key("a")));
      assertKvError(
          KvError.INVERTED_RANGE, () -> tr.snapshot().getRange(key("b"), key("a"), 1, true));
      assertKvError(KvError.INVERTED_RANGE, () -> tr.clearRange(key("b"), key("a")));
      assertKvError(KvError.INVERTED_RANGE, () -> tr.addReadConflictRange(key("b"), key("a")));
      assertKvError(KvError.INVERTED_RANGE, () -> tr.addWriteConflictRange(key("b"), key("a")));
    }
  }

  @Test
  default void negativeLimitIsRejected() {
    try (KvTransaction tr = store().createTransaction()) {
      assertKvError(KvError.INVALID_ARGUMENT, () -> tr.getRange(key("a"), key("z"), -1, false));
    }
  }

  @Test
  default void clearRemovesOneKey() {
    put("a", "1", "b", "2");
    try (KvTransaction tr = store().createTransaction()) {
      tr.clear(key("a"));
      tr.clear(key("never-set"));
      tr.commit();
    }
    assertThat(contents()).containsExactly("b=2");
  }

  @Test
  default void clearRangeRemovesExactlyTheRange() {
    put("a", "1", "b", "2", "c", "3", "d", "4", "e", "5");
    try (KvTransaction tr = store().createTransaction()) {
      tr.clearRange(key("b"), key("d"));
      tr.clearRange(key("x"), key("x"));
      tr.commit();
    }
    assertThat(contents()).containsExactly("a=1", "d=4", "e=5");
  }

  @Test
  default void systemKeysNeedAnOption() {
    byte[] systemKey = Bytes.concat(raw(0xff), bytes("/mvsqlite-contract"));
    try (KvTransaction tr = store().createTransaction()) {
      assertKvError(KvError.KEY_OUTSIDE_LEGAL_RANGE, () -> tr.get(systemKey));
      assertKvError(KvError.KEY_OUTSIDE_LEGAL_RANGE, () -> tr.getRange(prefix(), raw(0xff, 0x00)));
      assertKvError(KvError.KEY_OUTSIDE_LEGAL_RANGE, () -> tr.set(systemKey, bytes("v")));
      assertKvError(KvError.KEY_OUTSIDE_LEGAL_RANGE, () -> tr.clear(systemKey));
      // The metadata version key is the one system key every transaction may read.
      tr.snapshot().get(SystemKeys.metadataVersionKey());
      assertKvError(
          KvError.INVALID_ARGUMENT, () -> tr.set(SystemKeys.metadataVersionKey(), bytes("v")));
      tr.setOption(TransactionOption.READ_SYSTEM_KEYS);
      assertThat(tr.get(systemKey)).isNull();
      assertKvError(KvError.KEY_OUTSIDE_LEGAL_RANGE, () -> tr.set(systemKey, bytes("v")));
    }
  }

  @Test
  default void inputArraysAreNotRetained() {
    byte[] k = key("k");
    byte[] v = bytes("value");
    try (KvTransaction tr = store().createTransaction()) {
      tr.set(k, v);
      v[0] = 'X';
      k[k.length - 1] = 'j';
      assertThat(str(tr.get(key("k")))).isEqualTo("value");
      byte[] read = tr.get(key("k"));
      read[0] = 'Y';
      assertThat(str(tr.get(key("k")))).isEqualTo("value");
      tr.commit();
    }
    assertThat(valueOf("k")).isEqualTo("value");
    assertThat(valueOf("j")).isNull();
  }
}
