package io.mvsqlite.store.gc;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.TransactionRunner;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a key range in batches of at most {@code batchSize} pairs, each batch in its own short
 * transaction with snapshot reads, so that no transaction approaches FoundationDB's 5 s / 10 MB
 * limits however large the range. The result is not one consistent snapshot: a key written or
 * cleared during the scan may or may not be seen. Callers that depend on it say why that is enough.
 * Stateless and thread-safe.
 */
final class RangeScan {

  private RangeScan() {}

  /** Calls {@code sink} once per non-empty batch, in key order, outside any transaction. */
  static void forEachBatch(
      KvStore kv,
      TransactionRunner runner,
      byte[][] range,
      int batchSize,
      Consumer<List<KeyValue>> sink) {
    byte[] cursor = range[0];
    while (true) {
      byte[] from = cursor;
      List<KeyValue> batch =
          runner.run(kv, tr -> tr.snapshot().getRange(from, range[1], batchSize, false));
      if (!batch.isEmpty()) {
        sink.accept(batch);
      }
      if (batch.size() < batchSize) {
        return;
      }
      cursor = Bytes.keyAfter(batch.getLast().key());
    }
  }
}
