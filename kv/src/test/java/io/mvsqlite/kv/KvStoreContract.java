package io.mvsqlite.kv;

import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The contract every {@link KvStore} backend passes: FoundationDB's transaction semantics, pinned
 * down test by test. A backend's test class extends this class and says how to open its store; the
 * tests come from the topic interfaces this class implements. Every test writes only under its own
 * key {@link #prefix() prefix} (cleared before the test), so the suite also runs on a shared
 * FoundationDB cluster.
 *
 * <h2>The 80 behaviours covered</h2>
 *
 * <b>Reads and ranges ({@link RangeReadContract}, 13):</b> absent keys read as null; committed sets
 * are visible later; keys order as unsigned bytes (0x80 &gt; 0x7f, prefixes first); ranges are
 * half-open {@code [begin, end)}; forward limits return the first keys; reverse limits return the
 * keys nearest {@code end}; empty ranges return nothing; inverted ranges fail with INVERTED_RANGE
 * (reads, clears, conflict ranges); a negative limit fails with INVALID_ARGUMENT; clear removes one
 * key; clearRange removes exactly its range; system keys need an option (and the metadata version
 * key is readable but not settable); argument and result arrays are not shared with the store.
 *
 * <p><b>Conflicts ({@link ConflictContract}, 17):</b> a serializable read of a key written after
 * the read version conflicts (NOT_COMMITTED, retryable); a snapshot read does not; a range read
 * conflicts with a phantom insert; a snapshot range read does not; a forward read stopped by its
 * limit conflicts only up to and including the last key returned; a reverse one only from the last
 * key returned; blind writes never conflict; reads of own sets and clears add no conflict; reads
 * inside an own cleared range add none; a read of a key with only an atomic op pending does
 * conflict; a range read conflicts only outside its own writes; explicit read conflict ranges are
 * honoured (exactly their extent); explicit write conflict ranges are honoured;
 * setNextWriteNoWriteConflictRange suppresses exactly the next write's range; a read version after
 * the other commit does not conflict; writes to other keys do not conflict; read-only transactions
 * always commit, at their read version, without a versionstamp.
 *
 * <p><b>Read-your-writes ({@link ReadYourWritesContract}, 7):</b> reads see own sets and clears
 * (snapshot reads too); own writes are invisible to others until commit; a set inside an own
 * cleared range is visible; atomic ops read back (ADD on absent = parameter, chains, on stored and
 * on locally set values); range reads merge local writes forward with limits; and in reverse with
 * limits; range reads apply pending atomic ops to stored values.
 *
 * <p><b>Atomic operations ({@link AtomicOpContract}, 8):</b> ADD is little-endian with carry; ADD
 * works on the parameter's length (truncating or zero-extending); ADD on absent stores the
 * parameter; MAX/MIN compare little-endian unsigned on the parameter's length (absent: parameter);
 * BYTE_MAX/BYTE_MIN compare lexicographically; BIT_AND/OR/XOR work on the parameter's length (AND
 * of absent = parameter); concurrent atomic ADDs do not conflict; atomic ops apply to the latest
 * value at commit.
 *
 * <p><b>Versionstamps ({@link VersionstampContract}, 8):</b> SET_VERSIONSTAMPED_KEY writes the
 * commit's versionstamp at the offset; SET_VERSIONSTAMPED_VALUE likewise; versionstamps order as
 * commits do; all mutations of one commit get the same stamp; concurrent commits get distinct
 * stamps (version, then batch order); an offset out of range fails with INVALID_ARGUMENT and
 * changes nothing; a key with a versionstamped value is unreadable in its transaction
 * (ACCESSED_UNREADABLE) until set again; a range read over the possible keys of a versionstamped
 * key is unreadable, exactly from the read version on and only where the read reaches.
 *
 * <p><b>Versions ({@link VersionContract}, 8):</b> commit versions strictly increase and exceed the
 * read version; later read versions see earlier commits; commit versions increase across reopening;
 * an older read version reads the older state; a read version cannot be set twice; a future read
 * version fails with FUTURE_VERSION; a read version older than the MVCC window fails with
 * TRANSACTION_TOO_OLD (reads and commit; needs {@link #withMvccWindow}); the same with
 * FoundationDB's real 5 s window (tagged "soak").
 *
 * <p><b>Limits ({@link LimitContract}, 6; skipped unless {@link #enforcesLimits()}):</b> a
 * 10,001-byte key fails with KEY_TOO_LARGE when set; a 100,001-byte value fails with
 * VALUE_TOO_LARGE when set; a 10,000-byte key with a 100,000-byte value is accepted; a transaction
 * over 10,000,000 bytes fails with TRANSACTION_TOO_LARGE at commit and leaves nothing; a 9 MB
 * transaction commits; the approximate size counts mutations and conflict ranges.
 *
 * <p><b>Lifecycle and durability ({@link LifecycleContract}, 5):</b> use after commit fails with
 * USED_AFTER_COMMIT; so does use after a failed commit; use after close fails with
 * TRANSACTION_CANCELLED; a closed transaction leaves nothing; committed data survives reopening the
 * store (and uncommitted data does not).
 *
 * <p><b>Retry runner ({@link RunnerContract}, 5):</b> it retries retryable errors; it gives up
 * after maxAttempts; it never retries final errors; it retries a real conflict; it returns the
 * commit result when the function commits.
 *
 * <p><b>Concurrency ({@link ConcurrencyContract}, 3):</b> 16 threads incrementing one counter
 * through the runner end exactly at threads &times; iterations; concurrent transactions on disjoint
 * keys all commit at the first attempt; random concurrent transactions are serializable, checked
 * against a serial replay on a model (fixed seed).
 *
 * <h2>Writing a backend's test</h2>
 *
 * Implement {@link #openStore()}, {@link #reopenStore(KvStore)} and {@link #enforcesLimits()};
 * override {@link #withMvccWindow(Duration)} if the backend's window can be shortened, and {@link
 * #prefixRoot()} to separate concurrent runs on a shared cluster. Depend on this module's test-jar
 * with test scope.
 */
public abstract class KvStoreContract
    implements RangeReadContract,
        ConflictContract,
        ReadYourWritesContract,
        AtomicOpContract,
        VersionstampContract,
        VersionContract,
        LimitContract,
        LifecycleContract,
        RunnerContract,
        ConcurrencyContract {

  private KvStore store;
  private byte[] prefix;

  /** Opens the store under test; called before each test. The suite closes it after the test. */
  protected abstract KvStore openStore();

  /**
   * Closes {@code old} and opens the same store again over the same data (for durability tests).
   */
  protected abstract KvStore reopenStore(KvStore old);

  /**
   * True if the backend enforces FoundationDB's limits (FoundationDB; the embedded store in strict
   * mode).
   */
  protected abstract boolean enforcesLimits();

  /**
   * Opens a separate, empty store whose MVCC window is {@code window}, which the test closes. By
   * default the test is skipped: FoundationDB's window is fixed (its 5 s behaviour is tested by a
   * test tagged "soak").
   */
  protected KvStore withMvccWindow(Duration window) {
    Assumptions.abort(
        "this backend's MVCC window cannot be shortened; the real 5 s window is covered by the test tagged 'soak'");
    throw new AssertionError("unreachable");
  }

  /** The root of every test's prefix. Override to separate concurrent runs on a shared cluster. */
  protected String prefixRoot() {
    return "mvsqlite-kv-contract/";
  }

  @BeforeEach
  final void openAndClearPrefix(TestInfo info) {
    String method = info.getTestMethod().map(m -> m.getName()).orElse("test");
    prefix = KvTestData.bytes(prefixRoot() + getClass().getSimpleName() + "/" + method + "/");
    store = Objects.requireNonNull(openStore(), "openStore() returned null");
    clearPrefix();
  }

  @AfterEach
  final void clearPrefixAndClose() {
    if (store == null) {
      return;
    }
    try {
      clearPrefix();
    } catch (KvException e) {
      // Best effort, to keep a shared cluster tidy; the store may have been closed by the test.
    } finally {
      store.close();
      store = null;
    }
  }

  private void clearPrefix() {
    try (KvTransaction tr = store.createTransaction()) {
      tr.clearRange(prefix, prefixEnd());
      tr.commit();
    }
  }

  @Override
  public final KvStore store() {
    return store;
  }

  @Override
  public final byte[] prefix() {
    return prefix.clone();
  }

  @Override
  public final void reopen() {
    store = Objects.requireNonNull(reopenStore(store), "reopenStore() returned null");
  }

  @Override
  public final boolean limitsEnforced() {
    return enforcesLimits();
  }

  @Override
  public final KvStore storeWithMvccWindow(Duration window) {
    return withMvccWindow(window);
  }
}
