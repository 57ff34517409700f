package io.mvsqlite.kv;

import static io.mvsqlite.kv.KvTestData.bytes;
import static io.mvsqlite.kv.KvTestData.fromLe64;
import static io.mvsqlite.kv.KvTestData.le64;
import static io.mvsqlite.kv.KvTestData.raw;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Contract: atomic operations with FoundationDB's little-endian and length rules (see {@link
 * MutationType}).
 */
public interface AtomicOpContract extends KvContractFixture {

  /**
   * Stores {@code existing} (unless null), applies {@code type} with {@code param} in another
   * transaction.
   */
  private byte[] applyCommitted(MutationType type, byte[] existing, byte[] param) {
    try (KvTransaction tr = store().createTransaction()) {
      tr.clear(key("op"));
      if (existing != null) {
        tr.set(key("op"), existing);
      }
      tr.commit();
    }
    try (KvTransaction tr = store().createTransaction()) {
      tr.mutate(type, key("op"), param);
      tr.commit();
    }
    return rawValueOf("op");
  }

  @Test
  default void addIsLittleEndianWithCarry() {
    assertThat(applyCommitted(MutationType.ADD, raw(0xff, 0x00), raw(0x01, 0x00)))
        .containsExactly(0x00, 0x01);
    assertThat(fromLe64(applyCommitted(MutationType.ADD, le64(5), le64(-1)))).isEqualTo(4);
    assertThat(applyCommitted(MutationType.ADD, raw(0xff, 0xff), raw(0x01, 0x00)))
        .containsExactly(0x00, 0x00);
  }

  @Test
  default void addWorksOnTheParameterLength() {
    assertThat(applyCommitted(MutationType.ADD, raw(0x01, 0x02, 0x03), raw(0x01)))
        .containsExactly(0x02);
    assertThat(applyCommitted(MutationType.ADD, raw(0x01), raw(0x01, 0x00, 0x00)))
        .containsExactly(0x02, 0x00, 0x00);
  }

  @Test
  default void addOnAnAbsentKeyStoresTheParameter() {
    assertThat(applyCommitted(MutationType.ADD, null, raw(0x07, 0x00))).containsExactly(0x07, 0x00);
  }

  @Test
  default void maxAndMinCompareLittleEndianUnsigned() {
    // 0x0100 = 256 against 0x00ff = 255 (little-endian bytes 00 01 and ff 00).
    assertThat(applyCommitted(MutationType.MAX, raw(0x00, 0x01), raw(0xff, 0x00)))
        .containsExactly(0x00, 0x01);
    assertThat(applyCommitted(MutationType.MIN, raw(0x00, 0x01), raw(0xff, 0x00)))
        .containsExactly(0xff, 0x00);
    assertThat(applyCommitted(MutationType.MAX, raw(0x80), raw(0x7f))).containsExactly(0x80);
    assertThat(applyCommitted(MutationType.MIN, raw(0x80), raw(0x7f))).containsExactly(0x7f);
    // The stored value is zero-extended to the parameter's length.
    assertThat(applyCommitted(MutationType.MIN, raw(0x05), raw(0x09, 0x00)))
        .containsExactly(0x05, 0x00);
    assertThat(applyCommitted(MutationType.MAX, null, raw(0x03))).containsExactly(0x03);
    assertThat(applyCommitted(MutationType.MIN, null, raw(0x03))).containsExactly(0x03);
  }

  @Test
  default void byteMaxAndByteMinCompareLexicographically() {
    assertThat(applyCommitted(MutationType.BYTE_MAX, bytes("b"), bytes("ab")))
        .isEqualTo(bytes("b"));
    assertThat(applyCommitted(MutationType.BYTE_MIN, bytes("b"), bytes("ab")))
        .isEqualTo(bytes("ab"));
    assertThat(applyCommitted(MutationType.BYTE_MAX, raw(0x80), raw(0x7f, 0xff)))
        .containsExactly(0x80);
    assertThat(applyCommitted(MutationType.BYTE_MIN, raw(0x80), raw(0x7f, 0xff)))
        .containsExactly(0x7f, 0xff);
    assertThat(applyCommitted(MutationType.BYTE_MIN, null, bytes("zz"))).isEqualTo(bytes("zz"));
  }

  @Test
  default void bitOperationsWorkOnTheParameterLength() {
    assertThat(applyCommitted(MutationType.BIT_AND, raw(0b1100), raw(0b1010)))
        .containsExactly(0b1000);
    assertThat(applyCommitted(MutationType.BIT_OR, raw(0b1100), raw(0b1010)))
        .containsExactly(0b1110);
    assertThat(applyCommitted(MutationType.BIT_XOR, raw(0b1100), raw(0b1010)))
        .containsExactly(0b0110);
    assertThat(applyCommitted(MutationType.BIT_OR, raw(0x01, 0x02), raw(0x10)))
        .containsExactly(0x11);
    assertThat(applyCommitted(MutationType.BIT_XOR, raw(0x01), raw(0x01, 0x01)))
        .containsExactly(0x00, 0x01);
    assertThat(applyCommitted(MutationType.BIT_AND, raw(0xff), raw(0x0f, 0xff)))
        .containsExactly(0x0f, 0x00);
    // AND of an absent value is the parameter (FoundationDB API >= 510), not zero.
    assertThat(applyCommitted(MutationType.BIT_AND, null, raw(0x0f))).containsExactly(0x0f);
    assertThat(applyCommitted(MutationType.BIT_XOR, null, raw(0x0f))).containsExactly(0x0f);
  }

  @Test
  default void concurrentAtomicAddsDoNotConflict() {
    try (KvTransaction a = store().createTransaction();
        KvTransaction b = store().createTransaction()) {
      a.getReadVersion();
      b.getReadVersion();
      a.mutate(MutationType.ADD, key("n"), le64(2));
      b.mutate(MutationType.ADD, key("n"), le64(3));
      b.commit();
      a.commit();
    }
    assertThat(fromLe64(rawValueOf("n"))).isEqualTo(5);
  }

  @Test
  default void atomicOpsApplyToTheLatestValueAtCommit() {
    try (KvTransaction a = store().createTransaction()) {
      a.getReadVersion();
      a.mutate(MutationType.ADD, key("n"), le64(1));
      try (KvTransaction b = store().createTransaction()) {
        b.set(key("n"), le64(100));
        b.commit();
      }
      a.commit();
    }
    assertThat(fromLe64(rawValueOf("n"))).isEqualTo(101);
  }
}
