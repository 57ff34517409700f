package io.mvsqlite.store.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Commits racing on threads: a KV conflict between two commit transactions surfaces as a retryable
 * {@code TRANSIENT}, and the client's retry with the same idempotency key then answers the right
 * outcome.
 */
class ConcurrentCommitTest extends CommitFixture {

  private static final int THREADS = 8;

  /**
   * Runs each request on its own thread, all released at once; client-style retries; returns
   * outcomes in order.
   */
  private List<CommitOutcome> race(List<CommitRequest> requests, AtomicInteger transients)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<CommitOutcome>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(requests.size())) {
      for (CommitRequest r : requests) {
        Callable<CommitOutcome> client =
            () -> {
              start.await();
              CommitRequest attempt = r;
              while (true) {
                try {
                  return pages.commit(attempt);
                } catch (MvException e) {
                  if (!e.isRetryable()) {
                    throw e;
                  }
                  transients.incrementAndGet();
                  attempt = retryOf(r);
                }
              }
            };
        futures.add(threads.submit(client));
      }
      start.countDown();
      List<CommitOutcome> out = new ArrayList<>();
      for (Future<CommitOutcome> f : futures) {
        out.add(f.get());
      }
      return out;
    }
  }

  @RepeatedTest(3)
  void namespaceLevelCommitsFromOneBaseCommitExactlyOnce() throws Exception {
    Version id = createNamespace("db");
    Version base = head("db");
    List<byte[]> contents = new ArrayList<>();
    List<CommitRequest> requests = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      contents.add(data(256));
      requests.add(
          request(ns("db", base, null, fast(0, contents.get(i)), fast(100 + i, data(16)))));
    }
    AtomicInteger transients = new AtomicInteger();
    List<CommitOutcome> outcomes = race(requests, transients);

    List<Integer> winners = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i) instanceof CommitOutcome.Committed) {
        winners.add(i);
      } else {
        assertThat(outcomes.get(i)).isInstanceOf(CommitOutcome.Conflict.class);
      }
    }
    assertThat(winners).as("seed %d, %d transient failures", SEED, transients.get()).hasSize(1);
    int w = winners.getFirst();
    Version v = ((CommitOutcome.Committed) outcomes.get(w)).version();
    assertThat(versionsOf(id, 0)).containsExactly(v);
    assertThat(read("db", 0, v).data()).isEqualTo(contents.get(w));
    for (int i = 0; i < THREADS; i++) {
      assertThat(versionsOf(id, 100 + i)).hasSize(i == w ? 1 : 0);
    }
  }

  @Test
  void pageLevelCommitsOfDisjointPagesAllCommitAndAnOverlappingOneSerializesOrConflicts()
      throws Exception {
    Version id = createNamespace("db");
    List<byte[]> seed = new ArrayList<>();
    List<PageCommit> initial = new ArrayList<>();
    for (int p = 0; p < THREADS; p++) {
      seed.add(data(64));
      initial.add(fast(p, seed.get(p)));
    }
    Version base = committed(request(ns("db", head("db"), null, initial)));
    // Thread i reads page i and writes page i: disjoint. Thread THREADS reads page 0 and writes
    // page 50.
    List<CommitRequest> requests = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      requests.add(request(ns("db", base, pagesOf(i), fast(i, data(64)))));
    }
    requests.add(request(ns("db", base, pagesOf(0), fast(50, data(64)))));
    AtomicInteger transients = new AtomicInteger();
    List<CommitOutcome> outcomes = race(requests, transients);
    for (int i = 0; i < THREADS; i++) {
      assertThat(outcomes.get(i))
          .as("disjoint commit %d", i)
          .isInstanceOf(CommitOutcome.Committed.class);
      assertThat(versionsOf(id, i)).hasSize(2);
    }
    // The reader of page 0 is serializable either before thread 0's write (it commits first) or not
    // at all.
    Version rewrote = ((CommitOutcome.Committed) outcomes.get(0)).version();
    if (outcomes.get(THREADS) instanceof CommitOutcome.Committed c) {
      assertThat(c.version()).isLessThan(rewrote);
      assertThat(versionsOf(id, 50)).containsExactly(c.version());
    } else {
      assertThat(outcomes.get(THREADS)).isInstanceOf(CommitOutcome.Conflict.class);
      assertThat(versionsOf(id, 50)).isEmpty();
    }
  }
}
