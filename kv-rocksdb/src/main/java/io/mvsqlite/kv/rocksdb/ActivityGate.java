package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts operations that use native RocksDB objects, so that closing the store can wait for them to
 * finish before freeing those objects. After {@link #close()} no operation enters.
 *
 * <p>Thread-safe.
 */
final class ActivityGate {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private int active;
  private volatile boolean closed;

  /**
   * Enters the gate; pair with {@link #exit()} in a {@code finally} block.
   *
   * @throws KvException {@link KvError#STORE_CLOSED} once the store is closing
   */
  void enter() {
    lock.lock();
    try {
      if (closed) {
        throw new KvException(KvError.STORE_CLOSED);
      }
      active++;
    } finally {
      lock.unlock();
    }
  }

  void exit() {
    lock.lock();
    try {
      if (--active == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Refuses new entries. Idempotent. */
  void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until every operation that entered has exited. Call after {@link #close()}. */
  void awaitIdle() {
    lock.lock();
    try {
      boolean interrupted = false;
      while (active > 0) {
        try {
          idle.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } finally {
      lock.unlock();
    }
  }
}
