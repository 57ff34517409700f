package io.mvsqlite.client.vfs;

import static io.mvsqlite.client.MvTestDatabases.*;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR;
import static io.mvsqlite.protocol.SqliteCodes.primary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.transport.Transport;
import io.mvsqlite.client.txn.ReadAheadMetrics;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.ForwardingPageStore;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sequential read-ahead through real SQLite on the embedded store: a scan returns exactly the
 * stored rows while batches are read ahead, batches of one snapshot never reach a later transaction
 * or another version, and failed read-aheads only cost their batch.
 */
class ReadAheadTest extends DirectModeFixture {

  /** About 1000 bytes per row, 8 rows per 8 KiB page: some 750 pages. */
  private static final int ROWS = 6000;

  private static final String CONTENT = "printf('%d-%.990c', id, char(65 + id % 26))";
  private static final String NEW_CONTENT = "printf('%d-%.990c', id, char(97 + id % 26))";

  private static void load(Connection c) throws SQLException {
    exec(
        c,
        "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
        "INSERT INTO t WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n WHERE id < "
            + ROWS
            + ") SELECT id, "
            + CONTENT.replace("id", "n.id")
            + " FROM n");
  }

  /** Rows whose value is not {@code expected} (a full scan reading every row's value). */
  private static long mismatches(Connection c, String expected, String where) throws SQLException {
    return queryLong(c, "SELECT count(*) FROM t WHERE " + where + " AND v IS NOT " + expected + "");
  }

  private static ReadAheadMetrics metrics(Connection c) {
    return mvFile(c, "main").connection().readAheadMetrics();
  }

  @Test
  void aFullScanWithReadAheadReturnsExactlyTheStoredRows() throws Exception {
    String ns = uniqueNamespace("ra-scan");
    try (Connection writer = open(ns)) {
      load(writer);
    }
    try (Connection reader = open(ns, "readAheadDepth=2")) {
      assertThat(queryLong(reader, "SELECT count(*) FROM t")).isEqualTo(ROWS);
      assertThat(mismatches(reader, CONTENT, "1")).isZero();
      assertThat(queryLong(reader, "SELECT sum(id) FROM t")).isEqualTo(ROWS * (ROWS + 1L) / 2);
      ReadAheadMetrics m = metrics(reader);
      assertThat(m.batchesIssued()).as("a scan reads ahead: %s", m).isGreaterThanOrEqualTo(3);
      assertThat(m.pagesUsed()).as("its pages are read: %s", m).isGreaterThan(400);
      assertThat(m.pagesWasted())
          .as("a scan to the end wastes at most the batches past the table: %s", m)
          .isLessThanOrEqualTo(m.pagesRequested() - m.pagesUsed());
      assertThat(m.failures()).isZero();
      assertThat(queryString(reader, "SELECT mv_read_ahead_metrics('main')"))
          .contains("\"batches_issued\":" + m.batchesIssued());
      assertIntact(reader);
    }
  }

  @Test
  void readAheadIsOffWithDepthZero() throws Exception {
    String ns = uniqueNamespace("ra-off");
    try (Connection writer = open(ns)) {
      load(writer);
    }
    try (Connection reader = open(ns, "readAheadDepth=0")) {
      assertThat(mismatches(reader, CONTENT, "1")).isZero();
      assertThat(metrics(reader).batchesIssued()).isZero();
    }
  }

  @Test
  void aCommitElsewhereBetweenTwoTransactionsIsNeverHiddenByReadAhead() throws Exception {
    String ns = uniqueNamespace("ra-stale");
    try (Connection writer = open(ns)) {
      load(writer);
    }
    try (Connection reader = open(ns, "readAheadDepth=4");
        Connection writer = open(ns)) {
      // Transaction 1 reads the first third in order: batches of later pages are read ahead and
      // left unread (or still at the store) when it ends.
      assertThat(mismatches(reader, CONTENT, "id <= " + ROWS / 3)).isZero();
      ReadAheadMetrics first = metrics(reader);
      assertThat(first.batchesIssued()).as("%s", first).isPositive();
      assertThat(first.pagesWasted()).as("batches left unread: %s", first).isPositive();

      exec(writer, "UPDATE t SET v = " + NEW_CONTENT);

      // Transaction 2 on the same connection must see every rewritten row, starting where
      // transaction 1's batches were (their pages are not in the cache: only read-ahead had them).
      assertThat(mismatches(reader, NEW_CONTENT, "id > " + ROWS / 3)).isZero();
      assertThat(mismatches(reader, NEW_CONTENT, "1")).isZero();
      assertThat(queryLong(reader, "SELECT count(*) FROM t")).isEqualTo(ROWS);
      assertThat(metrics(reader).batchesIssued())
          .as("transaction 2 read ahead at its own snapshot")
          .isGreaterThan(first.batchesIssued());
      assertIntact(reader);
    }
  }

  @Test
  void aPinnedVersionIsReadAheadAtThatVersion() throws Exception {
    String ns = uniqueNamespace("ra-time");
    String before;
    try (Connection writer = open(ns)) {
      load(writer);
      before = queryString(writer, "SELECT mv_last_known_version('main')");
      exec(writer, "UPDATE t SET v = " + NEW_CONTENT);
    }
    try (Connection old = open(ns + "@" + before, "readAheadDepth=2");
        Connection now = open(ns, "readAheadDepth=2")) {
      assertThat(mismatches(old, CONTENT, "1")).isZero();
      assertThat(mismatches(now, NEW_CONTENT, "1")).isZero();
      assertThat(metrics(old).batchesIssued()).isPositive();
      assertThat(metrics(now).batchesIssued()).isPositive();
    }
  }

  @Test
  void failedReadAheadsAreDroppedAndTheScanStillReturnsTheRows() throws Exception {
    ControlledStore control = new ControlledStore();
    String vfs = registerVfs(control);
    String ns = uniqueNamespace("ra-fail");
    try (Connection writer = open(ns)) {
      load(writer);
    }
    try (Connection reader = openThrough(vfs, ns)) {
      control.failBackgroundReadsAfter(2);
      assertThat(mismatches(reader, CONTENT, "1")).isZero();
      ReadAheadMetrics m = metrics(reader);
      assertThat(m.failures()).as("%s", m).isPositive();
      assertThat(control.failedBackgroundReads.get()).isPositive();
      assertThat(m.batchesIssued())
          .as("read-ahead stops for the transaction after a failure, no endless retries: %s", m)
          .isLessThanOrEqualTo(2 + 2 + 1);
      assertIntact(reader);
    }
  }

  @Test
  void whenEveryReadFailsTheScanFailsWithAnIoErrorAndRecoversAfterwards() throws Exception {
    ControlledStore control = new ControlledStore();
    String vfs = registerVfs(control);
    String ns = uniqueNamespace("ra-down");
    try (Connection writer = open(ns)) {
      load(writer);
    }
    try (Connection reader = openThrough(vfs, ns)) {
      control.failAllReadsAfter(12);
      SQLException e =
          catchThrowableOfType(SQLException.class, () -> mismatches(reader, CONTENT, "1"));
      assertThat((Throwable) e).as("the scan fails").isNotNull();
      assertThat(primary(resultCode(e))).isEqualTo(SQLITE_IOERR);
      control.heal();
      assertThat(mismatches(reader, CONTENT, "1")).isZero();
      assertIntact(reader);
    }
  }

  private String registerVfs(ControlledStore control) {
    String name = uniqueNamespace("ra-vfs");
    ClientConfig config =
        ClientConfig.defaults()
            .withBackend(new ClientConfig.EmbeddedStore(dir.resolve("store")))
            .withUriParameters(Map.of("autoCreate", "1", "readAheadDepth", "2"));
    MvVfs vfs =
        new MvVfs(
            name,
            config,
            (c, origin) -> {
              Transport real = Transport.open(c, origin);
              control.delegate = real.rawPageStore();
              return Transport.of(
                  control, real.admin().orElse(null), c, "controlled " + real.describe(), real);
            });
    installed().binding().vfs().register(vfs, false);
    return name;
  }

  private static Connection openThrough(String vfs, String ns) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:file:" + ns + "?vfs=" + vfs);
  }

  /**
   * A real store whose reads fail on demand: either those made on background (virtual) threads,
   * which are read-aheads, or all of them. Failures are permanent errors, so no layer retries them.
   */
  private static final class ControlledStore extends ForwardingPageStore {
    volatile PageStore delegate;

    ControlledStore() {
      super(null);
    }

    @Override
    protected PageStore delegate() {
      return delegate;
    }

    private final AtomicInteger backgroundReads = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger failedBackgroundReads = new AtomicInteger();
    private final AtomicBoolean failAll = new AtomicBoolean();
    private volatile int backgroundLimit = Integer.MAX_VALUE;
    private volatile int allLimit = Integer.MAX_VALUE;

    void failBackgroundReadsAfter(int n) {
      backgroundReads.set(0);
      backgroundLimit = n;
    }

    void failAllReadsAfter(int n) {
      reads.set(0);
      allLimit = n;
      failAll.set(true);
    }

    void heal() {
      failAll.set(false);
      backgroundLimit = Integer.MAX_VALUE;
    }

    @Override
    public List<PageData> read(NamespaceRef ns, List<PageRead> r) {
      if (failAll.get() && reads.incrementAndGet() > allLimit) {
        throw new MvException(ErrorCode.INTERNAL, "injected read failure");
      }
      if (Thread.currentThread().isVirtual()
          && backgroundReads.incrementAndGet() > backgroundLimit) {
        failedBackgroundReads.incrementAndGet();
        throw new MvException(ErrorCode.INTERNAL, "injected read-ahead failure");
      }
      return delegate.read(ns, r);
    }
  }
}
