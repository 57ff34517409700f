package io.mvsqlite.store.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvLimits;
import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Path 1 at its largest, in strict mode: 999 pages (the most below the two-phase threshold), 100 of
 * them inline at 32 KiB of incompressible data, and a page-level read set of 2,000 pages (the most
 * checked page by page). The KV transaction stays under FoundationDB's 10 MB; its size is printed.
 */
class SingleTransactionLimitTest extends CommitFixture {

  @Test
  void theLargestSingleTransactionCommitFitsFoundationDbsLimits() {
    createNamespace("db");
    int uploadedCount =
        config().commitMultiPhaseThreshold() - 1 - Limits.MAX_FAST_WRITES_PER_COMMIT;
    List<PageHash> hashes = upload("db", distinctContents(uploadedCount, 64));
    List<PageCommit> entries = new ArrayList<>(entries(0, uploadedCount, hashes));
    List<byte[]> inline = new ArrayList<>();
    for (int i = 0; i < Limits.MAX_FAST_WRITES_PER_COMMIT; i++) {
      inline.add(data(Limits.MAX_PAGE_BYTES));
      entries.add(fast(uploadedCount + i, inline.get(i)));
    }
    int[] readSet = new int[config().plccReadSetSizeThreshold()];
    for (int i = 0; i < readSet.length; i++) {
      readSet[i] = 100_000 + i;
    }
    SizeRecordingKvStore sizes = new SizeRecordingKvStore(kv);
    long start = System.nanoTime();
    CommitOutcome outcome =
        engine(sizes, CommitHooks.NONE, null)
            .pageStore()
            .commit(request(ns("db", head("db"), readSet, entries)));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
    Version v = ((CommitOutcome.Committed) outcome).version();
    System.out.printf(
        "path 1, %d pages (%d inline of 32 KiB), read set of %d: %d ms, KV transaction sizes %s bytes%n",
        entries.size(), inline.size(), readSet.length, millis, sizes.sizes());
    assertThat(sizes.sizes()).hasSize(1);
    assertThat(sizes.largest()).isLessThan(KvLimits.MAX_TRANSACTION_BYTES);
    assertThat(read("db", uploadedCount + 7, v).data()).isEqualTo(inline.get(7));
    assertThat(read("db", 3, v).version()).isEqualTo(v);
  }
}
