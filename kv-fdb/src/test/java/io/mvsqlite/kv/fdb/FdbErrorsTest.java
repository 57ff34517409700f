package io.mvsqlite.kv.fdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.FDBException;
import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The FoundationDB error mapping, with exceptions built by hand: runs without a cluster or native
 * client.
 */
class FdbErrorsTest {

  @ParameterizedTest(name = "fdb {0} -> {1}")
  @CsvSource({
    "1020, NOT_COMMITTED",
    "1007, TRANSACTION_TOO_OLD",
    "1009, FUTURE_VERSION",
    "1021, COMMIT_UNKNOWN_RESULT",
    "2101, TRANSACTION_TOO_LARGE",
    "2102, KEY_TOO_LARGE",
    "2103, VALUE_TOO_LARGE",
    "1036, ACCESSED_UNREADABLE",
    "2017, USED_AFTER_COMMIT",
    "2000, INVALID_ARGUMENT",
    "1025, TRANSACTION_CANCELLED",
    "1101, TRANSACTION_CANCELLED",
    "2005, INVERTED_RANGE",
    "2004, KEY_OUTSIDE_LEGAL_RANGE",
    "2006, INVALID_ARGUMENT",
    "2210, INVALID_ARGUMENT",
    "1031, TRANSIENT",
    "1037, TRANSIENT",
    "1038, TRANSIENT",
    "1039, TRANSIENT",
    "1042, TRANSIENT",
    "1051, TRANSIENT",
    "1078, TRANSIENT",
    "1213, TRANSIENT",
    "1223, TRANSIENT",
    "1515, BACKEND_FAILURE",
    "1510, BACKEND_FAILURE",
    "2104, BACKEND_FAILURE",
    "4100, BACKEND_FAILURE",
  })
  void readErrorsMapToTheirKvError(int code, KvError expected) {
    KvException e = FdbErrors.toKvException(new FDBException("some message", code));

    assertThat(e.error()).isEqualTo(expected);
    assertThat(e.detail()).contains("fdb_code=" + code).contains("some message");
    assertThat(e.getCause()).isInstanceOf(FDBException.class);
    assertThat(e.isRetryable()).isEqualTo(expected.isRetryable());
  }

  @ParameterizedTest(name = "fdb {0} at commit -> {1}")
  @CsvSource({
    "1020, NOT_COMMITTED",
    "1021, COMMIT_UNKNOWN_RESULT",
    "1039, COMMIT_UNKNOWN_RESULT",
    "1031, BACKEND_FAILURE",
    "1037, TRANSIENT",
    "2101, TRANSACTION_TOO_LARGE",
    "1510, BACKEND_FAILURE",
  })
  void commitErrorsKeepTheMaybeCommittedDistinction(int code, KvError expected) {
    KvException e = FdbErrors.toKvExceptionAtCommit(new FDBException("commit failed", code));

    assertThat(e.error()).isEqualTo(expected);
  }

  @Test
  void timedOutCommitIsFinalBecauseItMayStillBeApplied() {
    KvException e = FdbErrors.toKvExceptionAtCommit(new FDBException("timed out", 1031));

    assertThat(e.isRetryable()).isFalse();
    assertThat(FdbErrors.toKvException(new FDBException("timed out", 1031)).isRetryable()).isTrue();
  }

  @Test
  void wrappedFdbExceptionsAreUnwrapped() {
    FDBException fdb = new FDBException("conflict", 1020);

    assertThat(FdbErrors.toKvException(new CompletionException(fdb)).error())
        .isEqualTo(KvError.NOT_COMMITTED);
    assertThat(
            FdbErrors.toKvException(new ExecutionException(new CompletionException(fdb))).error())
        .isEqualTo(KvError.NOT_COMMITTED);
  }

  @Test
  void kvExceptionsPassThroughUnchanged() {
    KvException original = new KvException(KvError.STORE_CLOSED, "x");

    assertThat(FdbErrors.toKvException(new CompletionException(original))).isSameAs(original);
  }

  @Test
  void nonFdbFailuresGetAFittingError() {
    assertThat(FdbErrors.toKvException(new IllegalArgumentException("Key cannot be null")).error())
        .isEqualTo(KvError.INVALID_ARGUMENT);
    assertThat(FdbErrors.toKvException(new CancellationException()).error())
        .isEqualTo(KvError.TRANSACTION_CANCELLED);
    assertThat(FdbErrors.toKvException(new IllegalStateException("boom")).error())
        .isEqualTo(KvError.BACKEND_FAILURE);
  }

  @Test
  void errorsAreRethrownNotWrapped() {
    assertThatThrownBy(
            () -> FdbErrors.toKvException(new CompletionException(new OutOfMemoryError("test"))))
        .isInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void adaptedFuturesFailWithKvExceptionNeverFdbException() {
    CompletableFuture<byte[]> source = new CompletableFuture<>();
    CompletableFuture<Integer> adapted = FdbErrors.adapt(source, v -> v.length);

    source.completeExceptionally(new FDBException("too old", 1007));

    assertThat(adapted).isCompletedExceptionally();
    assertThatThrownBy(adapted::join)
        .hasCauseInstanceOf(KvException.class)
        .cause()
        .satisfies(
            c -> assertThat(((KvException) c).error()).isEqualTo(KvError.TRANSACTION_TOO_OLD));
  }

  @Test
  void adaptedFuturesMapValuesAndMapperFailures() {
    CompletableFuture<byte[]> ok = new CompletableFuture<>();
    CompletableFuture<Integer> mapped = FdbErrors.adapt(ok, v -> v.length);
    ok.complete(new byte[3]);
    assertThat(mapped.join()).isEqualTo(3);

    CompletableFuture<byte[]> bad = new CompletableFuture<>();
    CompletableFuture<Integer> failing =
        FdbErrors.adapt(
            bad,
            v -> {
              throw new FDBException("unreadable", 1036);
            });
    bad.complete(new byte[0]);
    assertThatThrownBy(failing::join)
        .cause()
        .satisfies(
            c -> assertThat(((KvException) c).error()).isEqualTo(KvError.ACCESSED_UNREADABLE));
  }
}
