package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import java.nio.file.Path;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * The one place where RocksDB failures become {@link KvException}s.
 *
 * <ul>
 *   <li>{@code Busy}, {@code TryAgain}, {@code TimedOut}, {@code Incomplete}: {@link
 *       KvError#TRANSIENT} (retryable);
 *   <li>{@code ShutdownInProgress}: {@link KvError#STORE_CLOSED};
 *   <li>anything else (I/O error, corruption, no space, ...): {@link KvError#BACKEND_FAILURE},
 *       final;
 *   <li>a failed write of a commit batch: {@link KvError#COMMIT_UNKNOWN_RESULT}, because RocksDB
 *       may have logged the batch before failing (for example when the fsync fails) and replay it
 *       on the next open.
 * </ul>
 */
final class RocksDbErrors {

  private RocksDbErrors() {}

  /** A failed read or other non-commit operation. */
  static KvException map(RocksDBException e, String operation) {
    Status.Code code = e.getStatus() == null ? null : e.getStatus().getCode();
    KvError error =
        switch (code) {
          case Busy, TryAgain, TimedOut, Incomplete -> KvError.TRANSIENT;
          case ShutdownInProgress -> KvError.STORE_CLOSED;
          case null, default -> KvError.BACKEND_FAILURE;
        };
    return new KvException(error, detail(operation, code, e), e);
  }

  /** A failed write of a commit batch: its outcome is unknown. */
  static KvException commitWriteFailed(RocksDBException e) {
    Status.Code code = e.getStatus() == null ? null : e.getStatus().getCode();
    return new KvException(KvError.COMMIT_UNKNOWN_RESULT, detail("write commit batch", code, e), e);
  }

  /** The store could not be opened. */
  static KvException openFailed(Path directory, Exception e) {
    String code =
        e instanceof RocksDBException re && re.getStatus() != null
            ? re.getStatus().getCodeString()
            : "";
    return new KvException(
        KvError.BACKEND_FAILURE,
        "open directory=" + directory + " code=" + code + " cause=" + e.getMessage(),
        e);
  }

  /** The native library could not be loaded. */
  static KvException nativeLibraryMissing(Throwable e) {
    return new KvException(
        KvError.BACKEND_FAILURE,
        "cannot load the RocksDB native library (is --enable-native-access=ALL-UNNAMED set, and the platform"
            + " supported?): "
            + e,
        e);
  }

  private static String detail(String operation, Status.Code code, RocksDBException e) {
    return "operation=" + operation + " code=" + code + " cause=" + e.getMessage();
  }
}
