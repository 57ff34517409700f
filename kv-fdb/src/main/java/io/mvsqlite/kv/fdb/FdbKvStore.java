package io.mvsqlite.kv.fdb;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.FDB;
import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link KvStore} on a FoundationDB cluster, through the official Java binding.
 *
 * <p>FoundationDB provides the semantics the SPI describes, so this class adds no logic of its own
 * beyond error translation and the SPI's rules on closed stores and committed transactions.
 *
 * <p>Thread-safe. The owner closes it once; transactions still open then fail with {@link
 * KvError#STORE_CLOSED}. Closing releases the database handle only: FoundationDB's network thread
 * belongs to the process and keeps running.
 */
public final class FdbKvStore implements KvStore {

  private final FdbKvConfig config;
  private final Database database;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Wraps an open database; the store owns it from now on. Package-private: users call {@link
   * #open}.
   */
  FdbKvStore(FdbKvConfig config, Database database) {
    this.config = config;
    this.database = database;
  }

  /**
   * Loads the native client if needed, selects the API version (once per process) and opens the
   * cluster.
   *
   * <p>Opening does not contact the cluster: an unreachable cluster shows up as reads that wait (or
   * time out, with {@link FdbKvConfig#transactionTimeoutMillis()}).
   *
   * @throws KvException {@link KvError#BACKEND_FAILURE} when the native client library is missing
   *     (the message says what to install) or the cluster file cannot be used; {@link
   *     KvError#INVALID_ARGUMENT} when this process already selected another API version
   */
  public static FdbKvStore open(FdbKvConfig config) {
    FDB fdb = FdbRuntime.acquire(config.apiVersion());
    Database database;
    try {
      database = fdb.open(config.clusterFile() == null ? null : config.clusterFile().toString());
    } catch (LinkageError e) {
      throw FdbRuntime.clientMissing(e);
    } catch (RuntimeException e) {
      KvException kv = FdbErrors.toKvException(e);
      throw new KvException(
          KvError.BACKEND_FAILURE,
          "cannot open cluster file " + config.describeClusterFile() + ": " + kv.detail(),
          e);
    }
    try {
      if (config.transactionTimeoutMillis() > 0) {
        database.options().setTransactionTimeout(config.transactionTimeoutMillis());
      }
    } catch (RuntimeException e) {
      database.close();
      throw FdbErrors.toKvException(e);
    }
    return new FdbKvStore(config, database);
  }

  @Override
  public KvTransaction createTransaction() {
    checkOpen();
    try {
      return new FdbKvTransaction(this, database.createTransaction());
    } catch (RuntimeException e) {
      throw FdbErrors.toKvException(e);
    }
  }

  @Override
  public String describe() {
    return "fdb:" + config.describeClusterFile();
  }

  /** The configuration this store was opened with. */
  public FdbKvConfig config() {
    return config;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      database.close();
    }
  }

  void checkOpen() {
    if (closed.get()) {
      throw new KvException(KvError.STORE_CLOSED, describe());
    }
  }
}
