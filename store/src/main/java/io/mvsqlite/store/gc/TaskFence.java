package io.mvsqlite.store.gc;

import io.mvsqlite.kv.KvFunction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.meta.DistributedLock;

/**
 * How the transactions of one GC task run. A real run holds the namespace's task lock ({@code
 * nstask(ns, task)}) and runs every transaction through {@link DistributedLock#runFenced}, so a
 * takeover by another process makes the transaction conflict instead of interleaving two
 * collectors. A dry run takes no lock (taking it would write the lock key) and runs plain
 * transactions that must not write: the callers guard every write with {@code apply}.
 *
 * <p>Either way a transaction function may run more than once (retries). Not thread-safe: one task,
 * one thread.
 */
final class TaskFence implements AutoCloseable {

  private final StoreContext ctx;
  private final DistributedLock lock;

  private TaskFence(StoreContext ctx, DistributedLock lock) {
    this.ctx = ctx;
    this.lock = lock;
  }

  /**
   * Takes the task lock of {@code ns} for a real run, or nothing for a dry run.
   *
   * @throws MvException {@link ErrorCode#TRANSIENT} when another process runs the same task on the
   *     namespace
   */
  static TaskFence open(StoreContext ctx, Version ns, String task, boolean apply) {
    if (!apply) {
      return new TaskFence(ctx, null);
    }
    DistributedLock lock =
        new DistributedLock(
            ctx.kv(),
            ctx.keys().nstask(ns, task),
            ctx.clock(),
            DistributedLock.DEFAULT_TTL,
            DistributedLock.DEFAULT_RENEW_INTERVAL,
            task + "/" + ns.hex());
    if (!lock.tryLock()) {
      lock.close();
      throw new MvException(
          ErrorCode.TRANSIENT,
          "another " + task + " task is running on this namespace; try again later");
    }
    return new TaskFence(ctx, lock);
  }

  /** Runs {@code fn} in a transaction (fenced by the task lock on a real run) and commits it. */
  <T> T run(KvFunction<T> fn) {
    return lock == null ? ctx.runner().run(ctx.kv(), fn) : lock.runFenced(fn);
  }

  /** Releases the task lock (real runs). Idempotent. */
  @Override
  public void close() {
    if (lock != null) {
      lock.close();
    }
  }
}
