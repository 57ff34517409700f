package io.mvsqlite.store.gc;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.keys.KeyCodec;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects every content hash a namespace references, for content GC: the staged entries ({@code
 * s}) of every staged commit, published or in flight, then every page-index entry of every retained
 * version, then every delta referrer's base. The scans run in batches of {@code gcScanBatchSize}
 * keys over many short snapshot transactions.
 *
 * <p><b>The order matters.</b> A staged commit's entries move from {@code s} into the page index
 * (merge) and the {@code s} entries are removed only after the last index entry was written.
 * Scanning {@code s} first means that an entry missed in {@code s} (already removed) was in the
 * page index before the page-index scan began, so that scan sees it. Scanning the whole {@code s}
 * family, not only the entries of {@code b} and {@code i} records, also avoids the race between
 * reading those records and a concurrent publish.
 *
 * <p>Memory: the first pass keeps the exact set while it fits {@code budgetBytes} (about {@value
 * #BYTES_PER_ENTRY} bytes per distinct hash); past that it only counts, and a second pass fills a
 * Bloom filter sized for the count at {@value #FALSE_POSITIVE_RATE} false positives. Stateless
 * apart from its configuration; thread-safe.
 */
final class ReferenceCollector {

  /** Bloom filter target false-positive rate (the reference's 1 %). */
  static final double FALSE_POSITIVE_RATE = 0.01;

  /**
   * Estimated heap cost of one hash in a HashSet: the PageHash, its 32-byte array and the map node.
   */
  static final long BYTES_PER_ENTRY = 128;

  private static final Logger log = LoggerFactory.getLogger(ReferenceCollector.class);

  private final StoreContext ctx;
  private final KeyCodec keys;
  private final long maxExactEntries;

  ReferenceCollector(StoreContext ctx, long budgetBytes) {
    this.ctx = ctx;
    this.keys = ctx.keys();
    this.maxExactEntries = Math.max(0, budgetBytes / BYTES_PER_ENTRY);
  }

  /**
   * The references of {@code ns}, ignoring the staged entries of the staged commits in {@code
   * ignoredStagings} (stagings this GC pass removes; their entries can never become visible).
   */
  ReferenceSet collect(Version ns, Set<ByteBuffer> ignoredStagings) {
    Set<PageHash> exact = new HashSet<>();
    long[] count = {0};
    boolean[] overflow = {false};
    scan(
        ns,
        ignoredStagings,
        hash -> {
          count[0]++;
          if (!overflow[0]) {
            exact.add(new PageHash(hash));
            if (exact.size() > maxExactEntries) {
              overflow[0] = true;
              exact.clear();
            }
          }
        });
    if (!overflow[0]) {
      return new ReferenceSet.Exact(exact, count[0]);
    }
    // Entries added between the passes push the rate up a little; the slack keeps it near the
    // target.
    BloomFilter filter = new BloomFilter(count[0] + count[0] / 4 + 1024, FALSE_POSITIVE_RATE);
    long[] second = {0};
    scan(
        ns,
        ignoredStagings,
        hash -> {
          second[0]++;
          filter.put(hash);
        });
    log.info(
        "content GC of {}: {} references exceed the exact-set budget; using a Bloom filter of {} bits",
        ns.hex(),
        count[0],
        filter.bitSize());
    return new ReferenceSet.Approximate(filter, second[0]);
  }

  private void scan(Version ns, Set<ByteBuffer> ignoredStagings, Consumer<byte[]> sink) {
    int batch = ctx.config().gcScanBatchSize();
    RangeScan.forEachBatch(
        ctx.kv(),
        ctx.runner(),
        keys.allStagedEntriesRange(ns),
        batch,
        kvs -> {
          for (KeyValue e : kvs) {
            if (!ignoredStagings.contains(
                ByteBuffer.wrap(keys.decodeStagedEntryCommitId(e.key())))) {
              accept(e, sink);
            }
          }
        });
    RangeScan.forEachBatch(
        ctx.kv(),
        ctx.runner(),
        keys.pageIndexRange(ns),
        batch,
        kvs -> kvs.forEach(e -> accept(e, sink)));
    RangeScan.forEachBatch(
        ctx.kv(),
        ctx.runner(),
        keys.referrerRange(ns),
        batch,
        kvs -> kvs.forEach(e -> accept(e, sink)));
  }

  private static void accept(KeyValue e, Consumer<byte[]> sink) {
    if (e.value().length == PageHash.LENGTH) {
      sink.accept(e.value());
    } else {
      log.warn("content GC ignores a malformed hash reference at {}", Bytes.hex(e.key()));
    }
  }
}
