package io.mvsqlite.kv.fdb;

import com.apple.foundationdb.FDBException;
import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The one place where FoundationDB errors become {@link KvException}s.
 *
 * <table>
 *   <caption>FoundationDB error code to {@link KvError}</caption>
 *   <tr><th>FDB code</th><th>KvError</th></tr>
 *   <tr><td>1020 not_committed</td><td>NOT_COMMITTED</td></tr>
 *   <tr><td>1007 transaction_too_old</td><td>TRANSACTION_TOO_OLD</td></tr>
 *   <tr><td>1009 future_version</td><td>FUTURE_VERSION</td></tr>
 *   <tr><td>1021 commit_unknown_result; 1039 cluster_version_changed during commit</td>
 *       <td>COMMIT_UNKNOWN_RESULT</td></tr>
 *   <tr><td>2101 / 2102 / 2103</td><td>TRANSACTION_TOO_LARGE / KEY_TOO_LARGE / VALUE_TOO_LARGE</td></tr>
 *   <tr><td>1036 accessed_unreadable</td><td>ACCESSED_UNREADABLE</td></tr>
 *   <tr><td>2017 used_during_commit</td><td>USED_AFTER_COMMIT</td></tr>
 *   <tr><td>1025 transaction_cancelled, 1101 operation_cancelled</td><td>TRANSACTION_CANCELLED</td></tr>
 *   <tr><td>2005 inverted_range</td><td>INVERTED_RANGE</td></tr>
 *   <tr><td>2004 key_outside_legal_range</td><td>KEY_OUTSIDE_LEGAL_RANGE</td></tr>
 *   <tr><td>2000 client_invalid_operation (bad versionstamp offset, metadata version key misuse), 2006, 2007,
 *       2010, 2011, 2012, 2018, 2210 (invalid options, versions, limits, mutation)</td>
 *       <td>INVALID_ARGUMENT</td></tr>
 *   <tr><td>1031 transaction_timed_out while reading</td><td>TRANSIENT</td></tr>
 *   <tr><td>1031 transaction_timed_out during commit</td><td>BACKEND_FAILURE (final: such a commit may still be
 *       applied later, which even an idempotency key cannot rule out)</td></tr>
 *   <tr><td>any other code FoundationDB calls retryable</td><td>TRANSIENT</td></tr>
 *   <tr><td>everything else</td><td>BACKEND_FAILURE</td></tr>
 * </table>
 *
 * <p>The detail of each exception carries the FoundationDB code and message ({@code fdb_code=1020,
 * fdb_message=...}).
 *
 * <p>"Retryable" is FoundationDB's own predicate ({@link FDBException#isRetryable()}) once the
 * native client is loaded. Before that (an exception built by hand, as in unit tests) the predicate
 * cannot be asked, and {@link #RETRYABLE_CODES} stands in: the list {@code fdb_error_predicate} of
 * client 7.3 answers {@code true} for.
 *
 * <p>Stateless and thread-safe.
 */
final class FdbErrors {

  /**
   * Codes of client 7.3's {@code FDB_ERROR_PREDICATE_RETRYABLE} (maybe-committed plus
   * retryable-not-committed).
   */
  static final Set<Integer> RETRYABLE_CODES =
      Set.of(1007, 1009, 1020, 1021, 1037, 1038, 1039, 1042, 1051, 1078, 1213, 1223);

  /** Codes of client 7.3's {@code FDB_ERROR_PREDICATE_MAYBE_COMMITTED}. */
  static final Set<Integer> MAYBE_COMMITTED_CODES = Set.of(1021, 1039);

  private static final int TRANSACTION_TIMED_OUT = 1031;

  private FdbErrors() {}

  /** Translates a failure of a read or any operation other than commit. */
  static KvException toKvException(Throwable t) {
    return translate(t, false);
  }

  /**
   * Translates a failure of {@code commit()}, where "maybe committed" and timeouts mean something
   * stronger.
   */
  static KvException toKvExceptionAtCommit(Throwable t) {
    return translate(t, true);
  }

  /** The {@link KvError} for a FoundationDB error code. */
  static KvError errorFor(int code, boolean atCommit) {
    return switch (code) {
      case 1020 -> KvError.NOT_COMMITTED;
      case 1007 -> KvError.TRANSACTION_TOO_OLD;
      case 1009 -> KvError.FUTURE_VERSION;
      case 1021 -> KvError.COMMIT_UNKNOWN_RESULT;
      case 2101 -> KvError.TRANSACTION_TOO_LARGE;
      case 2102 -> KvError.KEY_TOO_LARGE;
      case 2103 -> KvError.VALUE_TOO_LARGE;
      case 1036 -> KvError.ACCESSED_UNREADABLE;
      case 2017 -> KvError.USED_AFTER_COMMIT;
      case 1025, 1101 -> KvError.TRANSACTION_CANCELLED;
      case 2005 -> KvError.INVERTED_RANGE;
      case 2004 -> KvError.KEY_OUTSIDE_LEGAL_RANGE;
      case 2000, 2006, 2007, 2010, 2011, 2012, 2018, 2210 -> KvError.INVALID_ARGUMENT;
      case TRANSACTION_TIMED_OUT -> atCommit ? KvError.BACKEND_FAILURE : KvError.TRANSIENT;
      default -> {
        if (atCommit && isMaybeCommitted(code)) {
          yield KvError.COMMIT_UNKNOWN_RESULT;
        }
        yield isRetryable(code) ? KvError.TRANSIENT : KvError.BACKEND_FAILURE;
      }
    };
  }

  /**
   * A future that completes like {@code source} mapped through {@code fn}, or fails with the
   * translated {@link KvException}. {@code fn} runs on the thread that completes {@code source}
   * (the binding completes futures on its executor, not on the network thread), so it must be cheap
   * and must not block.
   */
  static <A, B> CompletableFuture<B> adapt(
      CompletableFuture<A> source, Function<? super A, ? extends B> fn) {
    CompletableFuture<B> out = new CompletableFuture<>();
    source.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            out.completeExceptionally(toKvException(failure));
            return;
          }
          try {
            out.complete(fn.apply(value));
          } catch (RuntimeException e) {
            out.completeExceptionally(toKvException(e));
          }
        });
    return out;
  }

  private static KvException translate(Throwable t, boolean atCommit) {
    Throwable cause = unwrap(t);
    return switch (cause) {
      case KvException kv -> kv;
      case FDBException fdb ->
          new KvException(
              errorFor(fdb.getCode(), atCommit),
              "fdb_code=" + fdb.getCode() + ", fdb_message=" + fdb.getMessage(),
              fdb);
      case CancellationException c ->
          new KvException(KvError.TRANSACTION_CANCELLED, "future cancelled", c);
      case IllegalArgumentException iae ->
          new KvException(KvError.INVALID_ARGUMENT, iae.getMessage(), iae);
      case Error err -> throw err;
      default -> new KvException(KvError.BACKEND_FAILURE, cause.toString(), cause);
    };
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static boolean isRetryable(int code) {
    if (FdbRuntime.isLoaded()) {
      return new FDBException("", code).isRetryable();
    }
    return RETRYABLE_CODES.contains(code);
  }

  private static boolean isMaybeCommitted(int code) {
    if (FdbRuntime.isLoaded()) {
      return new FDBException("", code).isMaybeCommitted();
    }
    return MAYBE_COMMITTED_CODES.contains(code);
  }
}
