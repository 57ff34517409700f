package io.mvsqlite.kv;

import static io.mvsqlite.kv.KvTestData.bytes;
import static io.mvsqlite.kv.KvTestData.keysAfter;
import static io.mvsqlite.kv.KvTestData.le64;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Contract: optimistic conflict detection, rule by rule. The pattern: transaction A reads
 * (obtaining its read version), B writes and commits, then A writes something (so it is not
 * read-only) and commits.
 */
public interface ConflictContract extends KvContractFixture {

  @Test
  default void serializableReadOfKeyWrittenAfterTheReadVersionConflicts() {
    put("k", "0");
    try (KvTransaction a = store().createTransaction()) {
      assertThat(a.get(key("k"))).isEqualTo(bytes("0"));
      put("k", "1");
      a.set(key("out"), bytes("a"));
      assertConflict(a);
    }
    assertThat(valueOf("out")).isNull();
  }

  @Test
  default void snapshotReadOfKeyWrittenLaterDoesNotConflict() {
    put("k", "0");
    try (KvTransaction a = store().createTransaction()) {
      assertThat(a.snapshot().get(key("k"))).isEqualTo(bytes("0"));
      put("k", "1");
      a.set(key("out"), bytes("a"));
      a.commit();
    }
    assertThat(valueOf("out")).isEqualTo("a");
  }

  @Test
  default void rangeReadConflictsWithAnInsertedKey() {
    put("a", "1", "c", "3");
    try (KvTransaction a = store().createTransaction()) {
      assertThat(a.getRange(key("a"), key("d"))).hasSize(2);
      put("b", "phantom");
      a.set(key("out"), bytes("a"));
      assertConflict(a);
    }
  }

  @Test
  default void snapshotRangeReadDoesNotConflict() {
    put("a", "1", "c", "3");
    try (KvTransaction a = store().createTransaction()) {
      assertThat(a.snapshot().getRange(key("a"), key("d"))).hasSize(2);
      put("b", "phantom");
      a.set(key("out"), bytes("a"));
      a.commit();
    }
  }

  @Test
  default void limitedForwardReadConflictsOnlyUpToTheLastKeyReturned() {
    put("a", "1", "c", "3", "e", "5", "g", "7");
    // [a, keyAfter(c)) was read: inserting d (after the last key returned) does not conflict...
    assertThat(forwardReadThenWrite("d", "new")).isTrue();
    // ...inserting b (inside the part read) does, and so does changing c (the last key returned).
    assertThat(forwardReadThenWrite("b", "new")).isFalse();
    assertThat(forwardReadThenWrite("c", "changed")).isFalse();
  }

  @Test
  default void limitedReverseReadConflictsOnlyFromTheLastKeyReturned() {
    put("a", "1", "c", "3", "e", "5", "g", "7");
    // [e, z) was read: inserting d does not conflict; inserting f or changing e does.
    assertThat(reverseReadThenWrite("d", "new")).isTrue();
    assertThat(reverseReadThenWrite("f", "new")).isFalse();
    assertThat(reverseReadThenWrite("e", "changed")).isFalse();
  }

  @Test
  default void blindWritesNeverConflict() {
    try (KvTransaction a = store().createTransaction();
        KvTransaction b = store().createTransaction()) {
      a.getReadVersion();
      b.getReadVersion();
      a.set(key("k"), bytes("a"));
      b.set(key("k"), bytes("b"));
      b.clearRange(key("a"), key("z"));
      b.set(key("k"), bytes("b"));
      b.commit();
      a.commit();
    }
    assertThat(valueOf("k")).isEqualTo("a");
  }

  @Test
  default void readsOfOwnSetsAndClearsAddNoConflict() {
    put("k", "0", "c", "0");
    try (KvTransaction a = store().createTransaction()) {
      a.set(key("k"), bytes("mine"));
      a.clear(key("c"));
      assertThat(a.get(key("k"))).isEqualTo(bytes("mine"));
      assertThat(a.get(key("c"))).isNull();
      put("k", "theirs", "c", "theirs");
      a.commit();
    }
    assertThat(valueOf("k")).isEqualTo("mine");
    assertThat(valueOf("c")).isNull();
  }

  @Test
  default void readsInsideOwnClearedRangeAddNoConflict() {
    put("m", "0");
    try (KvTransaction a = store().createTransaction()) {
      a.clearRange(key("a"), key("z"));
      assertThat(a.get(key("m"))).isNull();
      assertThat(a.getRange(key("a"), key("z"))).isEmpty();
      put("m", "theirs", "n", "theirs");
      a.commit();
    }
    assertThat(contents()).isEmpty();
  }

  @Test
  default void readOfKeyWithOnlyAnAtomicOpPendingConflicts() {
    put("k", "0");
    try (KvTransaction a = store().createTransaction()) {
      a.mutate(MutationType.ADD, key("n"), le64(1));
      a.get(key("n"));
      put("n", "theirs");
      assertConflict(a);
    }
  }

  @Test
  default void rangeReadConflictsOnlyOutsideOwnWrites() {
    put("a", "1", "b", "2", "c", "3");
    try (KvTransaction a = store().createTransaction()) {
      a.set(key("b"), bytes("mine"));
      assertThat(a.getRange(key("a"), key("d"))).hasSize(3);
      put("b", "theirs");
      a.commit();
    }
    try (KvTransaction a = store().createTransaction()) {
      a.set(key("b"), bytes("mine"));
      assertThat(a.getRange(key("a"), key("d"))).hasSize(3);
      put("c", "theirs");
      assertConflict(a);
    }
  }

  @Test
  default void explicitReadConflictRangeIsHonoured() {
    try (KvTransaction a = store().createTransaction()) {
      a.getReadVersion();
      a.addReadConflictRange(key("p"), key("q"));
      put("p5", "theirs");
      a.set(key("out"), bytes("a"));
      assertConflict(a);
    }
    try (KvTransaction a = store().createTransaction()) {
      a.getReadVersion();
      a.addReadConflictKey(key("p"));
      put("p5", "theirs");
      a.set(key("out"), bytes("a"));
      a.commit();
    }
  }

  @Test
  default void explicitWriteConflictRangeIsHonoured() {
    try (KvTransaction a = store().createTransaction()) {
      assertThat(a.get(key("k"))).isNull();
      try (KvTransaction b = store().createTransaction()) {
        b.addWriteConflictRange(key("j"), key("l"));
        b.commit();
      }
      a.set(key("out"), bytes("a"));
      assertConflict(a);
    }
  }

  @Test
  default void nextWriteNoWriteConflictRangeSuppressesExactlyTheNextWrite() {
    // B's first write has no conflict range, its second one has: A, which read both keys,
    // conflicts...
    try (KvTransaction a = store().createTransaction()) {
      a.get(key("k1"));
      a.get(key("k2"));
      writeWithFirstConflictSuppressed();
      a.set(key("out"), bytes("a"));
      assertConflict(a);
    }
    // ...but a transaction that read only the first key does not.
    try (KvTransaction a = store().createTransaction()) {
      a.get(key("k1"));
      writeWithFirstConflictSuppressed();
      a.set(key("out"), bytes("a"));
      a.commit();
    }
  }

  @Test
  default void readVersionAfterTheOtherCommitDoesNotConflict() {
    put("k", "0");
    try (KvTransaction a = store().createTransaction()) {
      put("k", "1");
      assertThat(a.get(key("k"))).isEqualTo(bytes("1"));
      a.set(key("k"), bytes("2"));
      a.commit();
    }
    assertThat(valueOf("k")).isEqualTo("2");
  }

  @Test
  default void writesToOtherKeysDoNotConflict() {
    try (KvTransaction a = store().createTransaction()) {
      a.get(key("k1"));
      a.getRange(key("r"), key("s"));
      put("k2", "theirs", "s", "theirs", "k10", "theirs");
      a.set(key("out"), bytes("a"));
      a.commit();
    }
  }

  @Test
  default void readOnlyTransactionsAlwaysCommit() {
    put("k", "0");
    try (KvTransaction a = store().createTransaction()) {
      assertThat(a.get(key("k"))).isEqualTo(bytes("0"));
      long readVersion = a.getReadVersion();
      put("k", "1");
      CommitResult result = a.commit();
      assertThat(result.versionstamp()).isNull();
      assertThat(result.version()).isEqualTo(readVersion);
    }
  }

  private boolean forwardReadThenWrite(String insert, String value) {
    try (KvTransaction a = store().createTransaction()) {
      assertThat(keysAfter(prefix(), a.getRange(key("a"), key("z"), 2, false)))
          .containsExactly("a", "c");
      put(insert, value);
      return commitsWithoutConflict(a);
    } finally {
      try (KvTransaction cleanup = store().createTransaction()) {
        cleanup.clearRange(prefix(), prefixEnd());
        for (String k : new String[] {"a", "c", "e", "g"}) {
          cleanup.set(key(k), bytes("v"));
        }
        cleanup.commit();
      }
    }
  }

  private boolean reverseReadThenWrite(String insert, String value) {
    try (KvTransaction a = store().createTransaction()) {
      assertThat(keysAfter(prefix(), a.getRange(key("a"), key("z"), 2, true)))
          .containsExactly("g", "e");
      put(insert, value);
      return commitsWithoutConflict(a);
    } finally {
      try (KvTransaction cleanup = store().createTransaction()) {
        cleanup.clearRange(prefix(), prefixEnd());
        for (String k : new String[] {"a", "c", "e", "g"}) {
          cleanup.set(key(k), bytes("v"));
        }
        cleanup.commit();
      }
    }
  }

  private boolean commitsWithoutConflict(KvTransaction a) {
    a.set(key("out"), bytes("a"));
    try {
      a.commit();
      return true;
    } catch (KvException e) {
      assertThat(e.error()).isEqualTo(KvError.NOT_COMMITTED);
      return false;
    }
  }

  private void writeWithFirstConflictSuppressed() {
    try (KvTransaction b = store().createTransaction()) {
      b.setNextWriteNoWriteConflictRange();
      b.set(key("k1"), bytes("b"));
      b.set(key("k2"), bytes("b"));
      b.commit();
    }
  }
}
