package io.mvsqlite.client.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.transport.DirectPageStore;
import io.mvsqlite.client.transport.DirectStores;
import io.mvsqlite.client.transport.FaultInjectingPageStore;
import io.mvsqlite.client.transport.RetryingPageStore;
import io.mvsqlite.protocol.NamespaceRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection core without SQLite: page-level behaviour of write sets, uploads and leases on a
 * real store.
 */
class MvConnectionTest {

  private static final int PAGE = 4096;
  private static final long SEED = 99;

  @TempDir Path dir;
  private DirectPageStore direct;
  private FaultInjectingPageStore store;
  private final Random random = new Random(SEED);

  @BeforeEach
  void openStore() {
    direct = DirectStores.acquire(new ClientConfig.EmbeddedStore(dir));
    store = new FaultInjectingPageStore(direct);
  }

  @AfterEach
  void closeStore() {
    direct.close();
  }

  private MvConnection connection(String ns, Duration renew) {
    return new MvConnection(
        new RetryingPageStore(store, Duration.ofSeconds(10)),
        NamespaceRef.of(ns),
        direct.admin(),
        new MvConnection.Options(PAGE, 100, 10, 0, null, true, renew, 0));
  }

  /** Page 0 of a database of {@code pages} pages: the empty template with that page count. */
  private static byte[] header(int pages) {
    byte[] p = TemplatePages.emptyDatabase(PAGE);
    HeaderFields.putInt(p, HeaderFields.PAGE_COUNT, pages);
    return p;
  }

  private byte[] page(int fill) {
    byte[] b = new byte[PAGE];
    random.nextBytes(b);
    b[0] = (byte) fill;
    return b;
  }

  @Test
  void theLeaseIsRenewedWhileAnUploadingTransactionStaysOpen() {
    try (MvConnection c = connection("lease", Duration.ofMillis(50))) {
      c.begin();
      c.beginWrite();
      byte[][] pages = new byte[1201][];
      for (int p = 1; p <= 1200; p++) {
        pages[p] = page(p);
        c.writePage(p, pages[p].clone());
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (store.calls("renewLease") < 3) {
        assertThat(System.nanoTime()).as("waiting for lease renewals").isLessThan(deadline);
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
      CommitResult r = c.commit();
      assertThat(r)
          .isInstanceOfSatisfying(
              CommitResult.Committed.class,
              done -> {
                assertThat(done.leased()).isTrue();
                assertThat(done.uploadedPages())
                    .as("the 200 left at commit are more than 10: uploaded too")
                    .isEqualTo(1200);
                assertThat(done.pages()).isEqualTo(1200);
              });
      assertThat(store.calls("write")).as("uploads of 10 pages, none retried").isEqualTo(120);
      int renewals = store.calls("renewLease");
      c.end();

      c.begin();
      for (int p : new int[] {1, 500, 1000, 1001, 1200}) {
        assertThat(c.readPage(p)).as("page %d (seed %d)", p, SEED).isEqualTo(pages[p]);
      }
      c.end();
      assertThat(store.calls("renewLease"))
          .as("no renewal after the commit")
          .isLessThanOrEqualTo(renewals + 1);
    }
  }

  @Test
  void pagesWrittenBackToTheirSnapshotContentAreNotCommitted() {
    try (MvConnection c = connection("base", Duration.ofSeconds(20))) {
      byte[] a1 = page(1);
      byte[] a2 = page(2);
      c.begin();
      c.beginWrite();
      c.writePage(0, header(3));
      c.writePage(1, a1.clone());
      c.writePage(2, a2.clone());
      assertThat(c.commit()).isInstanceOf(CommitResult.Committed.class);
      c.end();

      c.begin();
      c.readPage(1);
      c.readPage(2);
      c.beginWrite();
      c.writePage(1, page(11));
      c.writePage(2, page(12));
      c.writePage(2, a2.clone());
      CommitResult r = c.commit();
      assertThat(r)
          .isInstanceOfSatisfying(
              CommitResult.Committed.class,
              done -> assertThat(done.pages()).as("only page 1 changed").isEqualTo(1));
      c.end();

      int commits = store.calls("commit");
      c.begin();
      byte[] current = c.readPage(1);
      c.beginWrite();
      c.writePage(1, page(21));
      c.writePage(1, current.clone());
      assertThat(c.commit()).isInstanceOf(CommitResult.Unchanged.class);
      c.end();
      assertThat(store.calls("commit")).as("nothing was sent").isEqualTo(commits);
    }
  }

  @Test
  void truncatedPagesLeaveTheTransaction() {
    try (MvConnection c = connection("truncate", Duration.ofSeconds(20))) {
      c.begin();
      c.beginWrite();
      for (int p = 1; p <= 5; p++) {
        c.writePage(p, page(p));
      }
      assertThat(c.sizePages()).isEqualTo(6);
      c.truncate(3);
      assertThat(c.sizePages()).isEqualTo(3);
      assertThat(c.commit())
          .isInstanceOfSatisfying(
              CommitResult.Committed.class, done -> assertThat(done.pages()).isEqualTo(2));
      c.end();
    }
  }

  @Test
  void aDiscardedTransactionLeavesNoTrace() {
    try (MvConnection c = connection("discard", Duration.ofSeconds(20))) {
      byte[] original = page(7);
      c.begin();
      c.beginWrite();
      c.writePage(0, header(2));
      c.writePage(1, original.clone());
      c.commit();
      c.end();

      c.begin();
      c.beginWrite();
      c.writePage(1, page(8));
      assertThat(c.readPage(1)).isNotEqualTo(original);
      c.discardWrites();
      assertThat(c.readPage(1)).isEqualTo(original);
      c.end();
      assertThat(Arrays.equals(c.templatePage(), TemplatePages.emptyDatabase(PAGE))).isTrue();
    }
  }
}
