package io.mvsqlite.kv;

import static io.mvsqlite.kv.KvTestData.bytes;
import static io.mvsqlite.kv.KvTestData.entriesAfter;
import static io.mvsqlite.kv.KvTestData.fromLe64;
import static io.mvsqlite.kv.KvTestData.keysAfter;
import static io.mvsqlite.kv.KvTestData.le64;
import static io.mvsqlite.kv.KvTestData.str;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Contract: a transaction's reads see its own writes, merged with the stored data. */
public interface ReadYourWritesContract extends KvContractFixture {

  @Test
  default void readsSeeOwnSetsAndClears() {
    put("stored", "s", "gone", "g");
    try (KvTransaction tr = store().createTransaction()) {
      tr.set(key("new"), bytes("n"));
      tr.set(key("stored"), bytes("s2"));
      tr.clear(key("gone"));
      assertThat(str(tr.get(key("new")))).isEqualTo("n");
      assertThat(str(tr.get(key("stored")))).isEqualTo("s2");
      assertThat(tr.get(key("gone"))).isNull();
      tr.set(key("gone"), bytes("back"));
      assertThat(str(tr.get(key("gone")))).isEqualTo("back");
      assertThat(str(tr.snapshot().get(key("new")))).isEqualTo("n");
    }
  }

  @Test
  default void ownWritesAreInvisibleToOthersUntilCommit() {
    try (KvTransaction a = store().createTransaction()) {
      a.set(key("k"), bytes("a"));
      assertThat(valueOf("k")).isNull();
      a.commit();
    }
    assertThat(valueOf("k")).isEqualTo("a");
  }

  @Test
  default void setInsideAClearedRangeIsVisible() {
    put("a", "1", "b", "2", "c", "3", "z", "26");
    try (KvTransaction tr = store().createTransaction()) {
      tr.clearRange(key("a"), key("d"));
      tr.set(key("b2"), bytes("new"));
      assertThat(tr.get(key("a"))).isNull();
      assertThat(tr.get(key("b"))).isNull();
      assertThat(str(tr.get(key("b2")))).isEqualTo("new");
      assertThat(entriesAfter(prefix(), tr.getRange(prefix(), prefixEnd())))
          .containsExactly("b2=new", "z=26");
      assertThat(entriesAfter(prefix(), tr.getRange(prefix(), prefixEnd(), 0, true)))
          .containsExactly("z=26", "b2=new");
      tr.commit();
    }
    assertThat(contents()).containsExactly("b2=new", "z=26");
  }

  @Test
  default void atomicOpsReadBackInTheTransaction() {
    try (KvTransaction tr = store().createTransaction()) {
      tr.set(key("stored"), le64(40));
      tr.commit();
    }
    try (KvTransaction tr = store().createTransaction()) {
      tr.mutate(MutationType.ADD, key("absent"), le64(7));
      assertThat(fromLe64(tr.get(key("absent")))).isEqualTo(7);
      tr.mutate(MutationType.ADD, key("absent"), le64(3));
      assertThat(fromLe64(tr.get(key("absent")))).isEqualTo(10);
      tr.mutate(MutationType.ADD, key("stored"), le64(2));
      assertThat(fromLe64(tr.get(key("stored")))).isEqualTo(42);
      tr.set(key("set"), le64(100));
      tr.mutate(MutationType.ADD, key("set"), le64(-1));
      assertThat(fromLe64(tr.get(key("set")))).isEqualTo(99);
      tr.clear(key("cleared"));
      tr.mutate(MutationType.MAX, key("cleared"), le64(5));
      assertThat(fromLe64(tr.get(key("cleared")))).isEqualTo(5);
      tr.commit();
    }
    assertThat(fromLe64(rawValueOf("absent"))).isEqualTo(10);
    assertThat(fromLe64(rawValueOf("stored"))).isEqualTo(42);
    assertThat(fromLe64(rawValueOf("set"))).isEqualTo(99);
    assertThat(fromLe64(rawValueOf("cleared"))).isEqualTo(5);
  }

  @Test
  default void rangeReadsMergeLocalWritesForwardWithLimits() {
    put("a", "1", "c", "3", "e", "5", "g", "7", "i", "9");
    try (KvTransaction tr = store().createTransaction()) {
      applyLocalWrites(tr);
      assertThat(entriesAfter(prefix(), tr.getRange(prefix(), prefixEnd())))
          .containsExactly("a=1", "b=2", "e=five", "h=8", "i=9");
      assertThat(keysAfter(prefix(), tr.getRange(prefix(), prefixEnd(), 3, false)))
          .containsExactly("a", "b", "e");
      assertThat(keysAfter(prefix(), tr.getRange(key("b"), key("h"), 2, false)))
          .containsExactly("b", "e");
      assertThat(keysAfter(prefix(), tr.snapshot().getRange(key("c"), prefixEnd(), 1, false)))
          .containsExactly("e");
    }
  }

  @Test
  default void rangeReadsMergeLocalWritesInReverseWithLimits() {
    put("a", "1", "c", "3", "e", "5", "g", "7", "i", "9");
    try (KvTransaction tr = store().createTransaction()) {
      applyLocalWrites(tr);
      assertThat(keysAfter(prefix(), tr.getRange(prefix(), prefixEnd(), 0, true)))
          .containsExactly("i", "h", "e", "b", "a");
      assertThat(keysAfter(prefix(), tr.getRange(prefix(), prefixEnd(), 3, true)))
          .containsExactly("i", "h", "e");
      assertThat(keysAfter(prefix(), tr.getRange(key("a"), key("h"), 2, true)))
          .containsExactly("e", "b");
      assertThat(entriesAfter(prefix(), tr.snapshot().getRange(key("a"), key("e"), 1, true)))
          .containsExactly("b=2");
    }
  }

  @Test
  default void rangeReadsApplyPendingAtomicOpsToStoredValues() {
    try (KvTransaction tr = store().createTransaction()) {
      tr.set(key("n1"), le64(5));
      tr.commit();
    }
    try (KvTransaction tr = store().createTransaction()) {
      tr.mutate(MutationType.ADD, key("n1"), le64(3));
      tr.mutate(MutationType.ADD, key("n2"), le64(4));
      var rows = tr.getRange(key("n"), key("o"));
      assertThat(rows).hasSize(2);
      assertThat(fromLe64(rows.get(0).value())).isEqualTo(8);
      assertThat(fromLe64(rows.get(1).value())).isEqualTo(4);
    }
  }

  /** Over stored a c e g i: set b, clear c, overwrite e, clear [f, h) (removing g), set h. */
  private void applyLocalWrites(KvTransaction tr) {
    tr.set(key("b"), bytes("2"));
    tr.clear(key("c"));
    tr.set(key("e"), bytes("five"));
    tr.clearRange(key("f"), key("h"));
    tr.set(key("h"), bytes("8"));
  }
}
