package io.mvsqlite.kv.rocksdb;

import static io.mvsqlite.kv.KvTestData.bytes;
import static io.mvsqlite.kv.KvTestData.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.CommitResult;
import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.kv.SystemKeys;
import io.mvsqlite.kv.TransactionOption;
import io.mvsqlite.kv.Versionstamp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour of the embedded store beyond the KV contract: configuration, closing, modes, system
 * keys.
 */
class RocksDbKvStoreTest {

  @TempDir Path dir;

  private RocksDbKvConfig config() {
    return RocksDbKvConfig.defaults(dir.resolve("db")).withStrict(true);
  }

  private static void assertKvError(KvError error, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(KvException.class)
        .satisfies(e -> assertThat(((KvException) e).error()).isEqualTo(error));
  }

  @Test
  void describeNamesTheDirectoryAndTheModes() {
    try (RocksDbKvStore store = RocksDbKvStore.open(config())) {
      assertThat(store.describe()).isEqualTo("rocksdb:" + dir.resolve("db") + " (strict)");
    }
    try (RocksDbKvStore store =
        RocksDbKvStore.open(config().withStrict(false).withSyncWrites(false))) {
      assertThat(store.describe()).isEqualTo("rocksdb:" + dir.resolve("db") + " (unsynced)");
    }
  }

  @Test
  void strictModeDefaultsToTheSystemPropertyWhichTheBuildSets() {
    assertThat(RocksDbKvConfig.defaults(dir).strict())
        .as("the build runs tests with -D%s=true", RocksDbKvConfig.STRICT_PROPERTY)
        .isTrue();
    assertThat(RocksDbKvConfig.defaults(dir).syncWrites()).isTrue();
    assertThat(RocksDbKvConfig.defaults(dir).mvccWindowMillis()).isEqualTo(5_000);
  }

  @Test
  void invalidConfigurationIsRejected() {
    assertThatThrownBy(() -> config().withMvccWindowMillis(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config().withMaxBatch(70_000, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void relaxedModeAcceptsWhatStrictModeRefuses() {
    try (RocksDbKvStore store = RocksDbKvStore.open(config().withStrict(false))) {
      try (KvTransaction tr = store.createTransaction()) {
        tr.set(new byte[20_000], new byte[200_000]);
        for (int i = 0; i < 60; i++) {
          tr.set(bytes("big" + i), new byte[200_000]);
        }
        assertThat(tr.getApproximateSize()).isGreaterThan(10_000_000);
        tr.commit();
      }
      try (KvTransaction tr = store.createTransaction()) {
        assertThat(tr.get(new byte[20_000])).hasSize(200_000);
      }
    }
  }

  @Test
  void aSecondStoreOnTheSameDirectoryIsRefused() {
    try (RocksDbKvStore store = RocksDbKvStore.open(config())) {
      assertKvError(KvError.BACKEND_FAILURE, () -> RocksDbKvStore.open(config()));
      try (KvTransaction tr = store.createTransaction()) {
        tr.set(bytes("still"), bytes("works"));
        tr.commit();
      }
    }
  }

  @Test
  void closingTheStoreFailsOpenTransactionsWithStoreClosed() {
    RocksDbKvStore store = RocksDbKvStore.open(config());
    KvTransaction tr = store.createTransaction();
    tr.set(bytes("k"), bytes("v"));
    store.close();
    assertKvError(KvError.STORE_CLOSED, () -> tr.get(bytes("k")));
    assertKvError(KvError.STORE_CLOSED, () -> tr.set(bytes("k"), bytes("w")));
    assertKvError(KvError.STORE_CLOSED, tr::commit);
    assertKvError(KvError.STORE_CLOSED, store::createTransaction);
    tr.close();
    store.close();
  }

  @Test
  @Timeout(60)
  void closeWhileThreadsReadAndCommitLosesNoAcknowledgedCommit() throws Exception {
    RocksDbKvStore store = RocksDbKvStore.open(config());
    int threads = 6;
    CountDownLatch busy = new CountDownLatch(threads);
    ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
    AtomicInteger unexpected = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  try {
                    for (int i = 0; ; i++) {
                      String k = "t" + thread + "/" + i;
                      try (KvTransaction tr = store.createTransaction()) {
                        tr.snapshot().getRange(bytes("t"), bytes("u"), 50, thread % 2 == 0);
                        tr.get(bytes(k));
                        tr.set(bytes(k), bytes("v"));
                        tr.commit();
                        acknowledged.add(k);
                      } catch (KvException e) {
                        if (e.error() != KvError.STORE_CLOSED) {
                          unexpected.incrementAndGet();
                          throw e;
                        }
                        return null;
                      }
                      if (i == 20) {
                        busy.countDown();
                      }
                    }
                  } finally {
                    busy.countDown();
                  }
                }));
      }
      busy.await();
      store.close();
      for (Future<?> f : futures) {
        f.get();
      }
    }
    assertThat(unexpected).hasValue(0);
    try (RocksDbKvStore reopened = RocksDbKvStore.open(config());
        KvTransaction tr = reopened.createTransaction()) {
      Set<String> present = new HashSet<>();
      tr.getRange(bytes("t"), bytes("u")).forEach(kv -> present.add(new String(kv.key())));
      assertThat(present).containsAll(acknowledged);
    }
  }

  @Test
  void relaxedSyncModeSurvivesAnOrderlyReopen() {
    try (RocksDbKvStore store = RocksDbKvStore.open(config().withSyncWrites(false));
        KvTransaction tr = store.createTransaction()) {
      tr.set(bytes("k"), bytes("v"));
      tr.commit();
    }
    try (RocksDbKvStore store = RocksDbKvStore.open(config());
        KvTransaction tr = store.createTransaction()) {
      assertThat(tr.get(bytes("k"))).isEqualTo(bytes("v"));
    }
  }

  @Test
  void metadataVersionKeyCanOnlyBeBumped() {
    try (RocksDbKvStore store = RocksDbKvStore.open(config())) {
      CommitResult result;
      try (KvTransaction tr = store.createTransaction()) {
        assertThat(tr.get(SystemKeys.metadataVersionKey())).isNull();
        tr.mutate(
            MutationType.SET_VERSIONSTAMPED_VALUE,
            SystemKeys.metadataVersionKey(),
            SystemKeys.metadataVersionParam());
        assertKvError(
            KvError.ACCESSED_UNREADABLE, () -> tr.snapshot().get(SystemKeys.metadataVersionKey()));
        assertKvError(
            KvError.INVALID_ARGUMENT,
            () ->
                tr.mutate(
                    MutationType.SET_VERSIONSTAMPED_VALUE,
                    SystemKeys.metadataVersionKey(),
                    Versionstamp.incompleteParam(bytes("x"), new byte[0])));
        assertKvError(
            KvError.INVALID_ARGUMENT,
            () -> tr.mutate(MutationType.ADD, SystemKeys.metadataVersionKey(), raw(1)));
        result = tr.commit();
      }
      try (KvTransaction tr = store.createTransaction()) {
        assertThat(tr.snapshot().get(SystemKeys.metadataVersionKey()))
            .isEqualTo(result.versionstamp().toBytes());
      }
    }
  }

  @Test
  void systemKeysAreWritableWithAccessSystemKeys() {
    byte[] systemKey = Bytes.concat(raw(0xff), bytes("/mvsqlite/test"));
    try (RocksDbKvStore store = RocksDbKvStore.open(config())) {
      try (KvTransaction tr = store.createTransaction()) {
        tr.setOption(TransactionOption.ACCESS_SYSTEM_KEYS);
        tr.set(systemKey, bytes("v"));
        tr.commit();
      }
      try (KvTransaction tr = store.createTransaction()) {
        tr.setOption(TransactionOption.READ_SYSTEM_KEYS);
        assertThat(tr.getRange(raw(0xff), raw(0xff, 0xff))).hasSize(1);
        assertKvError(
            KvError.KEY_OUTSIDE_LEGAL_RANGE, () -> tr.getRange(raw(0xff), raw(0xff, 0xff, 0x00)));
      }
    }
  }

  @Test
  void oldSnapshotsAreReleasedOnceOutsideTheWindow() throws Exception {
    try (RocksDbKvStore store = RocksDbKvStore.open(config().withMvccWindowMillis(100))) {
      for (int i = 0; i < 20; i++) {
        commitOne(store, "k" + i);
      }
      assertThat(store.registry().retainedEntries()).isGreaterThan(1);
      // The window is measured in time: let it pass, then one more commit expires the old
      // snapshots.
      Thread.sleep(250);
      commitOne(store, "last");
      // Left: the newest snapshot and the one it has just superseded (read versions below "last"
      // still use it).
      assertThat(store.registry().retainedEntries()).isEqualTo(2);
      assertThat(store.registry().liveSnapshots()).isEqualTo(2);
    }
  }

  @Test
  @Timeout(60)
  void concurrentCommitsShareCommitVersionsInGroups() throws Exception {
    int threads = 32;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<CommitResult>> results = new ArrayList<>();
    try (RocksDbKvStore store = RocksDbKvStore.open(config());
        ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  try (KvTransaction tr = store.createTransaction()) {
                    tr.set(bytes("k" + thread), bytes("v"));
                    start.await();
                    return tr.commit();
                  }
                }));
      }
      start.countDown();
      Set<Long> versions = new HashSet<>();
      Set<Versionstamp> stamps = new HashSet<>();
      for (Future<CommitResult> f : results) {
        CommitResult r = f.get();
        versions.add(r.version());
        stamps.add(r.versionstamp());
      }
      assertThat(stamps).hasSize(threads);
      assertThat(versions.size())
          .as("group commit: fewer versions than transactions")
          .isLessThan(threads);
    }
  }

  @Test
  void readOnlyCommitWithoutReadsReportsACurrentReadVersion() {
    try (RocksDbKvStore store = RocksDbKvStore.open(config())) {
      long committed = commitOne(store, "k").version();
      try (KvTransaction tr = store.createTransaction()) {
        CommitResult r = tr.commit();
        assertThat(r.versionstamp()).isNull();
        assertThat(r.version()).isGreaterThanOrEqualTo(committed);
      }
    }
  }

  private static CommitResult commitOne(RocksDbKvStore store, String key) {
    try (KvTransaction tr = store.createTransaction()) {
      tr.set(bytes(key), bytes("v"));
      return tr.commit();
    }
  }
}
