package io.mvsqlite.kv.fdb;

import com.apple.foundationdb.FDB;
import com.apple.foundationdb.FDBException;
import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;

/**
 * The process-wide part of the FoundationDB client: loading the native library and selecting the
 * API version.
 *
 * <p>{@code libfdb_c} allows exactly one API version per process and one network thread that can
 * never be restarted, so this state is global by nature; it is the one mutable static of the
 * backend and is guarded by a lock. Stores come and go; the network stays up until the JVM exits
 * (the binding's shutdown hook stops it).
 *
 * <p>Thread-safe.
 */
final class FdbRuntime {

  /** What a user must do when the native client is missing or unusable. Static text. */
  static final String INSTALL_HINT =
      "install the FoundationDB client packages 7.3 (for example"
          + " foundationdb-clients_7.3.43-1_amd64.deb from https://github.com/apple/foundationdb/releases); the cluster"
          + " file is taken from --cluster, MVSQLITE_FDB_CLUSTER_FILE or /etc/foundationdb/fdb.cluster";

  private static final Object LOCK = new Object();
  private static FDB fdb; // guarded by LOCK
  private static Throwable
      loadFailure; // guarded by LOCK; the first failure, reported on every later attempt

  private FdbRuntime() {}

  /**
   * The FoundationDB client at {@code apiVersion}, with its network thread running: on first use
   * this loads the native library, selects the version and starts the network.
   *
   * @throws KvException {@link KvError#BACKEND_FAILURE} naming what to install when the native
   *     library is missing, does not support the version, or cannot start its network; {@link
   *     KvError#INVALID_ARGUMENT} when another API version was already selected in this process
   */
  static FDB acquire(int apiVersion) {
    synchronized (LOCK) {
      if (fdb != null) {
        if (fdb.getAPIVersion() != apiVersion) {
          throw new KvException(
              KvError.INVALID_ARGUMENT,
              "FoundationDB API version "
                  + fdb.getAPIVersion()
                  + " is already selected in this process; requested "
                  + apiVersion);
        }
        return fdb;
      }
      if (loadFailure != null) {
        throw clientMissing(loadFailure);
      }
      FDB selected;
      try {
        selected = FDB.selectAPIVersion(apiVersion);
      } catch (LinkageError e) {
        // UnsatisfiedLinkError on the first attempt, NoClassDefFoundError on later ones: keep the
        // informative one.
        loadFailure = e;
        throw clientMissing(e);
      } catch (IllegalArgumentException e) {
        // Someone selected a version through the binding directly, bypassing this class.
        throw new KvException(
            KvError.INVALID_ARGUMENT,
            "requested API version " + apiVersion + ": " + e.getMessage(),
            e);
      } catch (FDBException e) {
        // For example api_version_not_supported (2203) from an older client library.
        throw new KvException(
            KvError.BACKEND_FAILURE,
            "the FoundationDB client library rejected API version "
                + apiVersion
                + " (fdb_code="
                + e.getCode()
                + ", fdb_message="
                + e.getMessage()
                + "): "
                + INSTALL_HINT,
            e);
      }
      try {
        // Started here rather than lazily by the first open, so that its failures are told apart
        // from cluster-file ones.
        selected.startNetwork();
      } catch (FDBException | LinkageError | IllegalStateException e) {
        loadFailure = e;
        throw clientMissing(e);
      }
      fdb = selected;
      return fdb;
    }
  }

  /**
   * True once the native client has been loaded in this process (so the binding's error predicates
   * work).
   */
  static boolean isLoaded() {
    synchronized (LOCK) {
      return fdb != null;
    }
  }

  /** The client library could not be loaded or its network could not start. */
  static KvException clientMissing(Throwable cause) {
    return new KvException(
        KvError.BACKEND_FAILURE,
        "the FoundationDB client library libfdb_c could not be loaded or started: "
            + INSTALL_HINT
            + "; cause: "
            + cause,
        cause);
  }
}
