package io.mvsqlite.store.commit;

import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.store.StoreConfig;
import io.mvsqlite.store.content.PageHasher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks a commit request passes before the engine reads or writes anything, with the
 * reference's codes (§3.4), and its translation into a {@link CommitPlan}.
 *
 * <p>Order: {@link ErrorCode#READ_ONLY} (403, the reference refuses commits on a replica before
 * reading the body); {@link ErrorCode#MALFORMED_REQUEST} for missing parts; {@link
 * ErrorCode#NUM_NAMESPACES_OUT_OF_BOUND} (1 to 16); {@link ErrorCode#BAD_VERSION} for a namespace
 * without a base version; {@link ErrorCode#TOO_MANY_PAGES} (running total over {@link
 * Limits#MAX_PAGES_PER_COMMIT}); then per page entry {@link ErrorCode#INVALID_HASH} (no hash),
 * {@link ErrorCode#TOO_MANY_FAST_WRITES} (more than {@value Limits#MAX_FAST_WRITES_PER_COMMIT}
 * inline pages in the whole request) and {@link ErrorCode#PAGE_TOO_LARGE} (an inline page over
 * {@value Limits#MAX_PAGE_BYTES} bytes); last {@link ErrorCode#INVALID_HASH} for a fast write whose
 * data does not hash to its declared hash. The namespace checks that need the KV store ({@link
 * ErrorCode#NAMESPACE_NOT_FOUND}, {@link ErrorCode#NAMESPACE_NOT_DISTINCT}) follow in the commit's
 * first transaction, before it writes anything. The reference interleaves the per-namespace checks
 * as frames arrive; with several faults in one request the first one reported may differ, never the
 * code of each.
 *
 * <p>A fast write whose data does not match its hash is refused with {@code INVALID_HASH} (400):
 * the hash is the page's address, and an entry claiming content it does not carry is a malformed
 * request, whatever the data. (The reference does not compare them: it stores the data under its
 * real hash and then checks the declared one in the content index, answering 410 or, worse,
 * committing a reference to unrelated content that happens to exist.)
 *
 * <p>Stateless and thread-safe.
 */
final class CommitValidator {

  private CommitValidator() {}

  static CommitPlan validate(CommitRequest request, StoreConfig config) {
    if (config.readOnly()) {
      throw new MvException(
          ErrorCode.READ_ONLY, "this mvstore is a read-only replica: commits are refused");
    }
    if (request == null || request.idempotencyKey() == null || request.namespaces() == null) {
      throw new MvException(
          ErrorCode.MALFORMED_REQUEST, "a commit needs an idempotency key and its namespaces");
    }
    List<NamespaceCommit> namespaces = request.namespaces();
    if (namespaces.isEmpty() || namespaces.size() > Limits.MAX_NAMESPACES_PER_COMMIT) {
      throw new MvException(
          ErrorCode.NUM_NAMESPACES_OUT_OF_BOUND,
          "num_namespaces out of bound: a commit names 1 to "
              + Limits.MAX_NAMESPACES_PER_COMMIT
              + " namespaces, got "
              + namespaces.size());
    }
    long total = 0;
    for (NamespaceCommit ns : namespaces) {
      if (ns == null || ns.namespace() == null || ns.pages() == null) {
        throw new MvException(
            ErrorCode.MALFORMED_REQUEST, "a commit namespace needs its key and its page list");
      }
      if (ns.baseVersion() == null) {
        throw new MvException(
            ErrorCode.BAD_VERSION, "a commit namespace needs the version it read at");
      }
      total += ns.pages().size();
      if (total > Limits.MAX_PAGES_PER_COMMIT) {
        throw new MvException(
            ErrorCode.TOO_MANY_PAGES,
            "too many pages in commit: at most "
                + Limits.MAX_PAGES_PER_COMMIT
                + " page entries per commit");
      }
    }
    checkEntries(namespaces);
    int readSetPages = 0;
    List<NamespacePlan> plans = new ArrayList<>(namespaces.size());
    for (NamespaceCommit ns : namespaces) {
      NamespacePlan plan = plan(ns, request.sharedSnapshot());
      plans.add(plan);
      if (plan.readSet() != null) {
        readSetPages += plan.readSet().length;
      }
    }
    CommitPath path = pathOf((int) total, config);
    boolean plcc = path == CommitPath.SINGLE && readSetPages <= config.plccReadSetSizeThreshold();
    String owner =
        request.lockOwner() == null || request.lockOwner().isEmpty() ? null : request.lockOwner();
    return new CommitPlan(
        request.idempotencyKey(),
        owner,
        request.lease(),
        request.sharedSnapshot(),
        List.copyOf(plans),
        (int) total,
        path,
        plcc);
  }

  /**
   * The path for {@code totalPages} entries: staged above the staged threshold, else two-phase from
   * the other.
   */
  static CommitPath pathOf(int totalPages, StoreConfig config) {
    if (totalPages > config.commitStagedThreshold()) {
      return CommitPath.STAGED;
    }
    return totalPages >= config.commitMultiPhaseThreshold()
        ? CommitPath.TWO_PHASE
        : CommitPath.SINGLE;
  }

  private static void checkEntries(List<NamespaceCommit> namespaces) {
    int fastWrites = 0;
    for (NamespaceCommit ns : namespaces) {
      for (PageCommit page : ns.pages()) {
        if (page == null) {
          throw new MvException(ErrorCode.MALFORMED_REQUEST, "a commit page entry is missing");
        }
        if (page.hash() == null) {
          throw new MvException(
              ErrorCode.INVALID_HASH, "invalid hash: a page entry needs its content hash");
        }
        if (page.data() != null) {
          if (++fastWrites > Limits.MAX_FAST_WRITES_PER_COMMIT) {
            throw new MvException(
                ErrorCode.TOO_MANY_FAST_WRITES,
                "too many fast writes: at most "
                    + Limits.MAX_FAST_WRITES_PER_COMMIT
                    + " pages per commit carry inline data; upload the others first");
          }
          if (page.data().length > Limits.MAX_PAGE_BYTES) {
            throw new MvException(
                ErrorCode.PAGE_TOO_LARGE,
                "fast write page too large: "
                    + page.data().length
                    + " bytes, the limit is "
                    + Limits.MAX_PAGE_BYTES);
          }
        }
      }
    }
    for (NamespaceCommit ns : namespaces) {
      for (PageCommit page : ns.pages()) {
        if (page.data() != null && !PageHasher.hash(page.data()).equals(page.hash())) {
          throw new MvException(
              ErrorCode.INVALID_HASH,
              "invalid hash: the inline data of page "
                  + Integer.toUnsignedString(page.pageIndex())
                  + " does not hash to the entry's hash "
                  + page.hash().hex());
        }
      }
    }
  }

  private static NamespacePlan plan(NamespaceCommit ns, boolean sharedSnapshot) {
    List<PageCommit> entries = ns.pages();
    // (page << 32 | position), sign bit flipped so that a signed sort orders pages as unsigned:
    // pages ascending, and
    // for one page its entries in request order.
    long[] order = new long[entries.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = ((Integer.toUnsignedLong(entries.get(i).pageIndex()) << 32) | i) ^ Long.MIN_VALUE;
    }
    Arrays.sort(order);
    for (int i = 0; i < order.length; i++) {
      order[i] ^= Long.MIN_VALUE;
    }
    int distinct = 0;
    int[] pages = new int[order.length];
    PageHash[] hashes = new PageHash[order.length];
    for (int i = 0; i < order.length; i++) {
      boolean lastOfPage = i + 1 == order.length || (order[i + 1] >>> 32) != (order[i] >>> 32);
      if (lastOfPage) {
        PageCommit e = entries.get((int) (order[i] & 0xffffffffL));
        pages[distinct] = e.pageIndex();
        hashes[distinct] = e.hash();
        distinct++;
      }
    }
    List<PageWrite> fastWrites = new ArrayList<>();
    Set<PageHash> fastHashes = new HashSet<>();
    for (PageCommit e : entries) {
      if (e.data() != null) {
        fastWrites.add(new PageWrite(e.data(), e.pageIndex()));
        fastHashes.add(e.hash());
      }
    }
    return new NamespacePlan(
        ns.namespace(),
        ns.baseVersion(),
        ns.readSet() == null ? null : sortedDistinct(ns.readSet()),
        Arrays.copyOf(pages, distinct),
        Arrays.copyOf(hashes, distinct),
        List.copyOf(fastWrites),
        Set.copyOf(fastHashes),
        sharedSnapshot && entries.isEmpty());
  }

  private static int[] sortedDistinct(int[] pages) {
    long[] sorted = new long[pages.length];
    for (int i = 0; i < pages.length; i++) {
      sorted[i] = Integer.toUnsignedLong(pages[i]);
    }
    Arrays.sort(sorted);
    int[] out = new int[sorted.length];
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        out[n++] = (int) sorted[i];
      }
    }
    return Arrays.copyOf(out, n);
  }
}
