package io.mvsqlite.store.gc;

import io.mvsqlite.protocol.PageHash;
import java.util.Set;

/**
 * The content hashes a namespace references, as collected by {@link ReferenceCollector}: exact
 * while it fits the memory budget, else a Bloom filter. Either way {@link #mightContain} never
 * answers false for a collected hash, so GC never deletes referenced content; a Bloom false
 * positive only lets some garbage survive one pass.
 */
sealed interface ReferenceSet {

  boolean mightContain(PageHash hash);

  /**
   * How many references were collected (with repetitions: one per page version, staged entry or
   * referrer).
   */
  long collected();

  /** Every referenced hash, held in memory. */
  record Exact(Set<PageHash> hashes, long collected) implements ReferenceSet {
    @Override
    public boolean mightContain(PageHash hash) {
      return hashes.contains(hash);
    }
  }

  /** A Bloom filter of the referenced hashes (about 1 % false positives). */
  record Approximate(BloomFilter filter, long collected) implements ReferenceSet {
    @Override
    public boolean mightContain(PageHash hash) {
      return filter.mightContain(hash.bytes());
    }
  }
}
