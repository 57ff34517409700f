package io.mvsqlite.store.commit;

import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One namespace of a validated commit.
 *
 * <p>The page entries are sorted by page index (unsigned, the order of page keys) and distinct:
 * when a request names a page twice, its last entry wins, as in the reference, where two
 * versionstamped writes of one key in one transaction leave the last. Arrays are owned by the plan
 * and never modified. Immutable.
 *
 * @param readSet the pages the transaction read, sorted and distinct; {@code null} asks for the
 *     namespace-level check
 * @param pages the written pages, sorted (unsigned) and distinct
 * @param hashes {@code hashes[i]} is the content written to {@code pages[i]}
 * @param fastWrites pages whose content travels inline, each with its own page as delta base
 *     (reference §6.2)
 * @param fastHashes the hashes of {@code fastWrites} (verified against their data)
 * @param checkOnly a participant of a shared-snapshot group that wrote nothing: its conflict check
 *     runs, nothing is written for it (docs/commit-groups.md)
 */
record NamespacePlan(
    NamespaceRef ref,
    Version base,
    int[] readSet,
    int[] pages,
    PageHash[] hashes,
    List<PageWrite> fastWrites,
    Set<PageHash> fastHashes,
    boolean checkOnly) {

  /** Whether the commit writes this namespace (head, changelog, idempotency record, entries). */
  boolean writes() {
    return !checkOnly;
  }

  /** Whether the commit writes page entries into this namespace. */
  boolean hasEntries() {
    return pages.length > 0;
  }

  /** The distinct hashes the entries reference, in page order. */
  Set<PageHash> distinctHashes() {
    Set<PageHash> out = new LinkedHashSet<>();
    for (PageHash h : hashes) {
      out.add(h);
    }
    return out;
  }

  /**
   * The distinct hashes that no fast write of this commit carries: they must have been uploaded
   * before.
   */
  Set<PageHash> uploadedHashes() {
    Set<PageHash> out = distinctHashes();
    out.removeAll(fastHashes);
    return out;
  }
}
