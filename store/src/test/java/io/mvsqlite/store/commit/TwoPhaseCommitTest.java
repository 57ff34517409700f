package io.mvsqlite.store.commit;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KvLimits;
import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Path 2, the two-phase commit, in strict mode: the largest KV transaction is recorded to show
 * phase 2 of a 25,000-page commit (the staged threshold) stays well inside FoundationDB's 10 MB.
 */
class TwoPhaseCommitTest extends CommitFixture {

  private void commitsAllPages(int count) {
    Version id = createNamespace("db");
    List<byte[]> contents = distinctContents(count, 16);
    List<PageHash> hashes = upload("db", contents);
    SizeRecordingKvStore sizes = new SizeRecordingKvStore(kv);
    PageStore recording = engine(sizes, CommitHooks.NONE, null).pageStore();
    Version base = head("db");
    long start = System.nanoTime();
    CommitOutcome outcome =
        recording.commit(request(ns("db", base, null, entries(0, count, hashes))));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
    Version v = ((CommitOutcome.Committed) outcome).version();
    System.out.printf(
        "path 2, %,d pages: %d ms, KV transaction sizes %s bytes (limit %,d)%n",
        count, millis, sizes.sizes(), KvLimits.MAX_TRANSACTION_BYTES);
    assertThat(sizes.sizes()).as("phase 1 and phase 2").hasSize(2);
    assertThat(sizes.largest()).isLessThan(KvLimits.MAX_TRANSACTION_BYTES);

    for (int from = 0; from < count; from += Limits.MAX_PAGES_PER_READ) {
      List<PageRead> reads = new ArrayList<>();
      for (int p = from; p < Math.min(count, from + Limits.MAX_PAGES_PER_READ); p++) {
        reads.add(PageRead.at(p, v));
      }
      List<PageData> got = pages.read(ref("db"), reads);
      for (int i = 0; i < got.size(); i++) {
        assertThat(got.get(i).data()).as("page %d", from + i).isEqualTo(contents.get(from + i));
      }
    }
    assertThat(read("db", count - 1, base).isAbsent()).isTrue();
    assertThat(versionsOf(id, count / 2)).containsExactly(v);
    assertThat(countKeys(new byte[][] {keys.commitToken(id), Bytes.keyAfter(keys.commitToken(id))}))
        .as("the commit token is cleared by phase 2")
        .isZero();
  }

  @Test
  void aThousandPageCommitGoesThroughTwoPhases() {
    commitsAllPages(1_000);
  }

  @Test
  void aTwentyFiveThousandPageCommitFitsFoundationDbsLimits() {
    commitsAllPages(25_000);
  }

  @Test
  void aCommitTokenLostBetweenThePhasesIsTransientAndTheRetryCommitsOnce() {
    Version id = createNamespace("db");
    List<PageHash> hashes = upload("db", distinctContents(1_000, 16));
    AtomicBoolean steal = new AtomicBoolean(true);
    CommitHooks gcInBetween =
        new CommitHooks() {
          @Override
          public void afterFirstPhase(IdempotencyKey key) {
            if (steal.getAndSet(false)) {
              // What content GC does when it deletes content of the namespace.
              ctx.runner()
                  .run(
                      kv,
                      tr -> {
                        tr.clear(keys.commitToken(id));
                        return null;
                      });
            }
          }
        };
    PageStore store = engine(kv, gcInBetween, null).pageStore();
    CommitRequest r = request(ns("db", head("db"), null, entries(0, 1_000, hashes)));
    assertCode(() -> store.commit(r), ErrorCode.TRANSIENT);
    assertThat(versionsOf(id, 0)).isEmpty();
    CommitOutcome retried = store.commit(retryOf(r));
    assertThat(retried).isInstanceOf(CommitOutcome.Committed.class);
    assertThat(versionsOf(id, 0)).containsExactly(((CommitOutcome.Committed) retried).version());
  }

  @Test
  void twoPhaseCommitsAreCheckedNamespaceWideEvenWithAReadSet() {
    createNamespace("db");
    List<PageHash> hashes = upload("db", distinctContents(1_000, 16));
    Version base = head("db");
    committed(request(ns("db", base, new int[0], fast(5_000, data(16)))));
    CommitOutcome outcome =
        pages.commit(request(ns("db", base, pagesOf(1), entries(0, 1_000, hashes))));
    assertThat(outcome)
        .as("page 1 did not change, but page-level checks are off on path 2")
        .isInstanceOf(CommitOutcome.Conflict.class);
  }
}
