package io.mvsqlite.kv;

/**
 * The body of a transaction run by a {@link TransactionRunner}. It may be invoked more than once
 * (once per attempt).
 */
@FunctionalInterface
public interface KvFunction<T> {
  T apply(KvTransaction tr);
}
