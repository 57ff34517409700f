package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.CommitResult;
import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.kv.Versionstamp;
import io.mvsqlite.kv.VersionstampParams;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that commits: it takes the queued transactions as one batch, gives the batch
 * one commit version and each transaction its batch order, checks each in order, and writes the
 * survivors with one RocksDB write.
 *
 * <p>For each transaction, in batch order:
 *
 * <ol>
 *   <li>{@link KvError#TRANSACTION_TOO_OLD} if it has read conflict ranges and its read version
 *       left the window;
 *   <li>{@link KvError#NOT_COMMITTED} if a read conflict range intersects a write conflict range
 *       committed after its read version, by an earlier batch or by an earlier transaction of this
 *       batch ({@link ConflictHistory});
 *   <li>otherwise its versionstamps are filled in, its atomic operations evaluated against the
 *       latest state (this batch's earlier writes over the database), its mutations appended to the
 *       batch's {@link WriteBatch} and its write conflict ranges recorded at the batch's version.
 * </ol>
 *
 * Then the batch's version is stored in the same {@link WriteBatch} (so versions keep increasing
 * after a restart), the batch is written (synced if configured), a snapshot of the new state is
 * published, and only then are the transactions told their outcome. Everything else (validation,
 * building mutations) happens in the committing threads; the serial part is short.
 *
 * <p>Thread-safe: {@link #submit} may be called from any thread.
 */
final class GroupCommitter {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

  /** Key, in the meta column family, of the last commit version (8 bytes, big-endian). */
  static final byte[] LAST_VERSION_KEY = "last-commit-version".getBytes(StandardCharsets.US_ASCII);

  private static final Object STOP = new Object();

  private final RocksDB db;
  private final ColumnFamilyHandle dataCf;
  private final ColumnFamilyHandle metaCf;
  private final WriteOptions writeOptions;
  private final VersionClock clock;
  private final SnapshotRegistry registry;
  private final ConflictHistory history = new ConflictHistory();
  private final long windowMicros;
  private final int maxBatchTransactions;
  private final long maxBatchBytes;
  private final LinkedBlockingDeque<Object> queue = new LinkedBlockingDeque<>();
  private final ReentrantLock submitLock = new ReentrantLock();
  private final Thread thread;
  private boolean stopped;
  private long lastPruneMicros;

  GroupCommitter(
      RocksDB db,
      ColumnFamilyHandle dataCf,
      ColumnFamilyHandle metaCf,
      VersionClock clock,
      SnapshotRegistry registry,
      RocksDbKvConfig config) {
    this.db = db;
    this.dataCf = dataCf;
    this.metaCf = metaCf;
    this.writeOptions = new WriteOptions().setSync(config.syncWrites());
    this.clock = clock;
    this.registry = registry;
    this.windowMicros = config.mvccWindowMicros();
    this.maxBatchTransactions = config.maxBatchTransactions();
    this.maxBatchBytes = config.maxBatchBytes();
    this.thread =
        Thread.ofPlatform().name("mvsqlite-rocksdb-committer").daemon(true).unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /**
   * Queues {@code request}; its {@link CommitRequest#outcome()} completes once the batch holding it
   * is durable (or failed).
   *
   * @throws KvException {@link KvError#STORE_CLOSED} if the committer has stopped
   */
  void submit(CommitRequest request) {
    submitLock.lock();
    try {
      if (stopped) {
        throw new KvException(KvError.STORE_CLOSED);
      }
      queue.add(request);
    } finally {
      submitLock.unlock();
    }
  }

  /**
   * Commits what was queued before this call, then stops the thread and waits for it. Idempotent.
   */
  void shutdown() {
    submitLock.lock();
    try {
      if (!stopped) {
        stopped = true;
        queue.add(STOP);
      }
    } finally {
      submitLock.unlock();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    writeOptions.close();
  }

  private void run() {
    boolean stop = false;
    while (!stop) {
      List<CommitRequest> batch = new ArrayList<>();
      stop = takeBatch(batch);
      if (batch.isEmpty()) {
        continue;
      }
      try {
        commitBatch(batch);
      } catch (Throwable t) {
        log.error("commit batch failed unexpectedly", t);
        KvException failure =
            new KvException(KvError.COMMIT_UNKNOWN_RESULT, "committer failure: " + t, t);
        for (CommitRequest r : batch) {
          r.outcome().completeExceptionally(failure);
        }
      }
    }
  }

  /** Fills {@code batch}; returns true when the stop marker was reached. */
  private boolean takeBatch(List<CommitRequest> batch) {
    Object first;
    try {
      first = queue.take();
    } catch (InterruptedException e) {
      return stopped;
    }
    if (first == STOP) {
      return true;
    }
    CommitRequest request = (CommitRequest) first;
    batch.add(request);
    long bytes = request.mutationBytes();
    while (batch.size() < maxBatchTransactions) {
      Object next = queue.peek();
      if (next == null) {
        return false;
      }
      if (next == STOP) {
        queue.poll();
        return true;
      }
      CommitRequest r = (CommitRequest) next;
      if (bytes + r.mutationBytes() > maxBatchBytes) {
        return false;
      }
      queue.poll();
      batch.add(r);
      bytes += r.mutationBytes();
    }
    return false;
  }

  private void commitBatch(List<CommitRequest> batch) throws RocksDBException {
    long version = clock.beginCommit();
    Object[] outcomes = new Object[batch.size()];
    boolean settled = false;
    try {
      long now = clock.nowMicros();
      maybePrune(now);
      int committed = 0;
      try (WriteBatch writes = new WriteBatch()) {
        WriteMap overlay = new WriteMap();
        for (int i = 0; i < batch.size(); i++) {
          CommitRequest r = batch.get(i);
          KvException rejection = check(r, now);
          if (rejection != null) {
            outcomes[i] = rejection;
            continue;
          }
          Versionstamp stamp = new Versionstamp(version, i);
          apply(r, stamp, overlay, writes);
          for (KeyRange w : r.writeConflicts()) {
            history.recordWrite(w.begin(), w.end(), version);
          }
          outcomes[i] = new CommitResult(version, stamp);
          committed++;
        }
        if (committed == 0) {
          clock.abandon(version);
          settled = true;
        } else {
          writes.put(
              metaCf, LAST_VERSION_KEY, ByteBuffer.allocate(Long.BYTES).putLong(version).array());
          try {
            db.write(writeOptions, writes);
          } catch (RocksDBException e) {
            KvException unknown = RocksDbErrors.commitWriteFailed(e);
            log.error(
                "commit batch write failed; version={} transactions={}", version, committed, e);
            for (int i = 0; i < outcomes.length; i++) {
              if (outcomes[i] instanceof CommitResult) {
                outcomes[i] = unknown;
              }
            }
            clock.abandon(version);
            settled = true;
          }
          if (!settled) {
            registry.publish(version, db.getSnapshot());
            clock.publish(version);
            settled = true;
          }
        }
      }
    } catch (RocksDBException e) {
      // Reading a base value for an atomic operation failed; nothing was written.
      KvException failure = RocksDbErrors.map(e, "read latest value for an atomic operation");
      for (int i = 0; i < outcomes.length; i++) {
        if (!(outcomes[i] instanceof KvException)) {
          outcomes[i] = failure;
        }
      }
    } finally {
      if (!settled) {
        clock.abandon(version);
      }
    }
    // Before the outcomes, so that a caller sees old snapshots released once its commit returns.
    registry.expire(clock.nowMicros(), windowMicros);
    for (int i = 0; i < outcomes.length; i++) {
      CommitRequest r = batch.get(i);
      switch (outcomes[i]) {
        case CommitResult result -> r.outcome().complete(result);
        case KvException failure -> r.outcome().completeExceptionally(failure);
        default -> throw new IllegalStateException("no outcome for a transaction of the batch");
      }
    }
  }

  private KvException check(CommitRequest r, long now) {
    if (r.readVersion() == CommitRequest.NO_READ_VERSION || r.readConflicts().isEmpty()) {
      return null;
    }
    if (now - r.readVersion() > windowMicros) {
      return new KvException(
          KvError.TRANSACTION_TOO_OLD,
          "readVersion=" + r.readVersion() + " nowMicros=" + now + " at commit");
    }
    for (KeyRange range : r.readConflicts()) {
      if (history.writtenAfter(range.begin(), range.end(), r.readVersion())) {
        return new KvException(
            KvError.NOT_COMMITTED, "readVersion=" + r.readVersion() + " range=" + range);
      }
    }
    return null;
  }

  private void apply(CommitRequest r, Versionstamp stamp, WriteMap overlay, WriteBatch writes)
      throws RocksDBException {
    for (Mutation m : r.mutations()) {
      switch (m) {
        case Mutation.Set s -> put(overlay, writes, s.key(), s.value());
        case Mutation.Clear c -> {
          overlay.clear(c.key());
          writes.delete(dataCf, c.key());
        }
        case Mutation.ClearRange c -> {
          overlay.clearRange(c.begin(), c.end());
          writes.deleteRange(dataCf, c.begin(), c.end());
        }
        case Mutation.Atomic a when a.type() == MutationType.SET_VERSIONSTAMPED_KEY ->
            put(overlay, writes, VersionstampParams.fill(a.key(), stamp), a.param());
        case Mutation.Atomic a when a.type() == MutationType.SET_VERSIONSTAMPED_VALUE ->
            put(overlay, writes, a.key(), VersionstampParams.fill(a.param(), stamp));
        case Mutation.Atomic a ->
            put(
                overlay,
                writes,
                a.key(),
                AtomicOps.apply(a.type(), latest(overlay, a.key()), a.param()));
      }
    }
  }

  private void put(WriteMap overlay, WriteBatch writes, byte[] key, byte[] value)
      throws RocksDBException {
    overlay.set(key, value);
    writes.put(dataCf, key, value);
  }

  /**
   * The value of {@code key} after the batch's writes so far. The committer is the only writer of
   * the database.
   */
  private byte[] latest(WriteMap overlay, byte[] key) throws RocksDBException {
    return switch (overlay.lookup(key)) {
      case WriteMap.Local local -> local.value();
      case WriteMap.FromStore _ -> db.get(dataCf, key);
      case WriteMap.Unreadable _ ->
          throw new IllegalStateException("the batch overlay has no unreadable keys");
    };
  }

  private void maybePrune(long now) {
    if (now - lastPruneMicros > windowMicros / 4) {
      history.prune(now - windowMicros);
      lastPruneMicros = now;
    }
  }

  /** Steps in the conflict history (for tests). Only meaningful when no batch is in progress. */
  int historySize() {
    return history.size();
  }
}
