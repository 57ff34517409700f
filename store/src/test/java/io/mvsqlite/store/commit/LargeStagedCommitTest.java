package io.mvsqlite.store.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvLimits;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.Await;
import io.mvsqlite.store.StoreConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Path 3 at scale, in strict mode (FoundationDB's 10 MB per transaction enforced): 262,144 pages of
 * 8 KiB is a 2 GiB SQLite transaction. Page bodies are uploaded before any commit and are not what
 * limits a commit, so the pages reference 512 distinct contents; the page index side (one entry per
 * page) is full size. A second test gives every page its own content (the worst case for a staging
 * chunk's content-index work): 60,000 pages in the default run, 262,144 in the soak run. While the
 * commit stages, publishes and merges, a reader polls random pages at the newest version and must
 * see all of them old (absent) or all of them new, never a mix, and never old again after new.
 * Prints the duration of each step and the largest KV transaction of each.
 */
class LargeStagedCommitTest extends CommitFixture {

  private static final int DISTINCT = 512;
  private static final int PAGE_BYTES = 8192;
  private static final int READS_PER_POLL = 100;

  @Override
  protected StoreConfig config() {
    return super.config().withContentCacheSize(2 * DISTINCT);
  }

  @Test
  void aStagedCommitOf262144PagesFitsFoundationDbsLimits() throws Exception {
    commitsAtScale(262_144, DISTINCT, PAGE_BYTES);
  }

  @Test
  void aStagedCommitOf60000DistinctPagesFitsFoundationDbsLimits() throws Exception {
    // Every page its own content: every staging chunk checks and touches 4,000 content-index
    // entries (the largest
    // staging transaction there is, whatever the commit's size).
    commitsAtScale(60_000, 60_000, 64);
  }

  @Test
  @Tag("soak")
  void aStagedCommitOf262144DistinctPagesFitsFoundationDbsLimits() throws Exception {
    commitsAtScale(262_144, 262_144, 64);
  }

  private void commitsAtScale(int count, int distinct, int pageBytes) throws Exception {
    Version id = createNamespace("db");
    long uploadStart = System.nanoTime();
    List<byte[]> contents = distinctContents(distinct, pageBytes);
    List<PageHash> hashes = upload("db", contents);
    System.out.printf(
        "path 3, %,d pages: uploaded %,d contents of %d bytes in %d ms%n",
        count, distinct, pageBytes, (System.nanoTime() - uploadStart) / 1_000_000);
    List<PageCommit> entries = entries(0, count, hashes);
    Version base = head("db");

    SizeRecordingKvStore sizes = new SizeRecordingKvStore(kv);
    long[] marks = new long[3];
    int[] txns = new int[3];
    CommitHooks timing =
        new CommitHooks() {
          @Override
          public void afterStaging(IdempotencyKey key) {
            marks[0] = System.nanoTime();
            txns[0] = sizes.sizes().size();
          }

          @Override
          public void afterPublish(Version version) {
            marks[1] = System.nanoTime();
            txns[1] = sizes.sizes().size();
          }
        };
    var store = engine(sizes, timing, null);

    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger oldPolls = new AtomicInteger();
    AtomicInteger newPolls = new AtomicInteger();
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(() -> pollUntilDone(count, contents, done, oldPolls, newPolls));

    long start = System.nanoTime();
    CommitOutcome outcome = store.pageStore().commit(request(ns("db", base, null, entries)));
    long end = System.nanoTime();
    txns[2] = sizes.sizes().size();
    assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
    Version v = ((CommitOutcome.Committed) outcome).version();
    int after = newPolls.get();
    Await.until(
        Duration.ofSeconds(60),
        "reader polls after the merge",
        () -> newPolls.get() >= after + 3 || reader.isDone());
    done.set(true);
    reader.get();

    List<Long> all = sizes.sizes();
    long stageMax = max(all.subList(0, txns[0]));
    long publish = all.get(txns[1] - 1);
    long mergeMax = max(all.subList(txns[1], txns[2]));
    System.out.printf(
        "path 3, %,d pages: commit %d ms (begin+stage %d ms, publish %d ms, merge %d ms); %d KV transactions;"
            + " largest: begin/stage %,d B, publish %,d B, merge %,d B (limit %,d); reader polls: %d old, %d new%n",
        count,
        (end - start) / 1_000_000,
        (marks[0] - start) / 1_000_000,
        (marks[1] - marks[0]) / 1_000_000,
        (end - marks[1]) / 1_000_000,
        all.size(),
        stageMax,
        publish,
        mergeMax,
        KvLimits.MAX_TRANSACTION_BYTES,
        oldPolls.get(),
        newPolls.get());
    assertThat(sizes.largest()).isLessThan(KvLimits.MAX_TRANSACTION_BYTES);
    assertThat(publish)
        .as("the publish transaction does not grow with the commit")
        .isLessThan(10_000);
    assertThat(newPolls.get()).isPositive();

    long verify = System.nanoTime();
    for (int from = 0; from < count; from += Limits.MAX_PAGES_PER_READ) {
      int to = Math.min(count, from + Limits.MAX_PAGES_PER_READ);
      List<PageRead> atNew = new ArrayList<>();
      List<PageRead> atOld = new ArrayList<>();
      for (int p = from; p < to; p++) {
        atNew.add(PageRead.at(p, v));
        atOld.add(PageRead.at(p, base));
      }
      List<PageData> got = pages.read(ref("db"), atNew);
      List<PageData> old = pages.read(ref("db"), atOld);
      for (int i = 0; i < got.size(); i++) {
        int p = from + i;
        assertThat(got.get(i).version()).as("page %d", p).isEqualTo(v);
        assertThat(got.get(i).data()).as("page %d", p).isEqualTo(contents.get(p % distinct));
        assertThat(old.get(i).isAbsent()).as("page %d at the old version", p).isTrue();
      }
    }
    System.out.printf(
        "path 3, %,d pages: verified every page at both versions in %d ms%n",
        count, (System.nanoTime() - verify) / 1_000_000);
    assertThat(metadataOf(id).stagedCommits()).isZero();
    assertThat(countKeys(keys.allStagedEntriesRange(id))).isZero();
    assertThat(countKeys(keys.stagedCommitRange(id))).isZero();
  }

  /**
   * The reader: random pages at the newest version; all absent or all new, and never absent again
   * after new.
   */
  private void pollUntilDone(
      int count,
      List<byte[]> contents,
      AtomicBoolean done,
      AtomicInteger oldPolls,
      AtomicInteger newPolls) {
    Random r = new Random(SEED + 1);
    while (!done.get()) {
      long rv;
      try (KvTransaction tr = kv.createTransaction()) {
        rv = tr.getReadVersion();
      }
      Version at = Version.atReadVersion(rv);
      List<PageRead> reads = new ArrayList<>(READS_PER_POLL);
      for (int i = 0; i < READS_PER_POLL; i++) {
        reads.add(PageRead.at(r.nextInt(count), at));
      }
      List<PageData> got = pages.read(ref("db"), reads);
      int absent = 0;
      for (int i = 0; i < got.size(); i++) {
        PageData d = got.get(i);
        if (d.isAbsent()) {
          absent++;
        } else {
          int p = reads.get(i).pageIndex();
          if (!Arrays.equals(d.data(), contents.get(p % contents.size()))) {
            throw new AssertionError(
                "page " + p + " has unexpected content at " + at + " (seed " + SEED + ")");
          }
        }
      }
      if (absent == got.size()) {
        if (newPolls.get() > 0) {
          throw new AssertionError("the commit disappeared again at " + at);
        }
        oldPolls.incrementAndGet();
      } else if (absent == 0) {
        newPolls.incrementAndGet();
      } else {
        throw new AssertionError(
            "a partial commit: "
                + absent
                + " of "
                + got.size()
                + " pages absent at "
                + at
                + " (seed "
                + SEED
                + ")");
      }
    }
  }

  private static long max(List<Long> xs) {
    return xs.stream().mapToLong(Long::longValue).max().orElse(0);
  }
}
