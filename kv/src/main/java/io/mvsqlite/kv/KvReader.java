package io.mvsqlite.kv;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads at a transaction's read version, seeing the transaction's own writes.
 *
 * <p>A transaction is a serializable reader (every read adds a read conflict range); its {@link
 * KvTransaction#snapshot() snapshot view} is a snapshot reader (no conflict ranges). The
 * asynchronous forms exist so that many reads can be in flight at once (FoundationDB pipelines
 * them); the blocking forms wait for one.
 *
 * <p>Byte arrays passed in are not retained after the call returns; arrays returned belong to the
 * caller.
 */
public interface KvReader {

  /** The value of {@code key}, or {@code null} if it is absent. */
  CompletableFuture<byte[]> getAsync(byte[] key);

  /**
   * Up to {@code limit} key-value pairs with keys in {@code [begin, end)}, in ascending key order,
   * or descending order when {@code reverse} is set (then the pairs nearest {@code end} come
   * first). A {@code limit} of 0 means no limit.
   *
   * <p>{@code begin == end} reads nothing (and adds no conflict range). {@code begin > end} fails
   * with {@link KvError#INVERTED_RANGE} and a negative limit with {@link KvError#INVALID_ARGUMENT}
   * (FoundationDB itself returns an empty result for an inverted range; backends check it
   * explicitly, because an inverted range is always a bug). A serializable range read that stops
   * early because of its limit adds a read conflict range only over the part actually read: {@code
   * [begin, keyAfter(last))} forward, {@code [last, end)} reverse.
   */
  CompletableFuture<List<KeyValue>> getRangeAsync(
      byte[] begin, byte[] end, int limit, boolean reverse);

  /** Blocking form of {@link #getAsync}. */
  default byte[] get(byte[] key) {
    return KvFutures.join(getAsync(key));
  }

  /** Blocking form of {@link #getRangeAsync}. */
  default List<KeyValue> getRange(byte[] begin, byte[] end, int limit, boolean reverse) {
    return KvFutures.join(getRangeAsync(begin, end, limit, reverse));
  }

  /** Blocking, forward, unlimited range read. Use only for ranges known to be small. */
  default List<KeyValue> getRange(byte[] begin, byte[] end) {
    return getRange(begin, end, 0, false);
  }
}
