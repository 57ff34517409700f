package io.mvsqlite.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * What the contract's test interfaces need from the fixture ({@link KvStoreContract} implements
 * it): the store under test, this test's key prefix, and a few helpers. Every key a test touches is
 * under {@link #prefix()}.
 */
public interface KvContractFixture {

  /** The store under test (replaced by {@link #reopen()}). */
  KvStore store();

  /** This test's key prefix; it was cleared before the test started. */
  byte[] prefix();

  /** Closes the store and opens it again over the same data. */
  void reopen();

  /** True if the backend enforces FoundationDB's size limits. */
  boolean limitsEnforced();

  /**
   * A separate, empty store whose MVCC window is {@code window}; the test closes it. Aborts the
   * test (skipped, with a message) on backends whose window cannot be changed.
   */
  KvStore storeWithMvccWindow(Duration window);

  /** {@code prefix() + name} (ISO-8859-1). */
  default byte[] key(String name) {
    return Bytes.concat(prefix(), KvTestData.bytes(name));
  }

  /** {@code prefix() + suffix}. */
  default byte[] key(byte[] suffix) {
    return Bytes.concat(prefix(), suffix);
  }

  /** The end of this test's key space. */
  default byte[] prefixEnd() {
    return Bytes.strinc(prefix());
  }

  /** Sets the given key/value names and commits. */
  default CommitResult put(String... keyValuePairs) {
    try (KvTransaction tr = store().createTransaction()) {
      for (int i = 0; i < keyValuePairs.length; i += 2) {
        tr.set(key(keyValuePairs[i]), KvTestData.bytes(keyValuePairs[i + 1]));
      }
      return tr.commit();
    }
  }

  /** The committed value of a key name, read in a fresh transaction. */
  default String valueOf(String name) {
    try (KvTransaction tr = store().createTransaction()) {
      return KvTestData.str(tr.get(key(name)));
    }
  }

  /** The committed raw value of a key name, read in a fresh transaction. */
  default byte[] rawValueOf(String name) {
    try (KvTransaction tr = store().createTransaction()) {
      return tr.get(key(name));
    }
  }

  /** Every committed {@code key=value} under the prefix (keys without the prefix). */
  default List<String> contents() {
    try (KvTransaction tr = store().createTransaction()) {
      return KvTestData.entriesAfter(prefix(), tr.getRange(prefix(), prefixEnd()));
    }
  }

  /** Asserts that {@code call} throws a {@link KvException} with {@code error}. */
  default void assertKvError(KvError error, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(KvException.class)
        .satisfies(e -> assertThat(((KvException) e).error()).as("KV error").isEqualTo(error));
  }

  /** Commits {@code tr} and asserts it fails with a retryable {@link KvError#NOT_COMMITTED}. */
  default void assertConflict(KvTransaction tr) {
    assertThatThrownBy(tr::commit)
        .isInstanceOf(KvException.class)
        .satisfies(
            e -> {
              assertThat(((KvException) e).error()).isEqualTo(KvError.NOT_COMMITTED);
              assertThat(((KvException) e).isRetryable()).isTrue();
            });
  }
}
