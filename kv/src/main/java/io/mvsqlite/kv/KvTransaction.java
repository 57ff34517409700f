package io.mvsqlite.kv;

/**
 * One FoundationDB-style transaction.
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li><b>Read version.</b> All reads see the database as of one read version: obtained lazily
 *       from the store at the first read (or by {@link #getReadVersion()}), or given with {@link
 *       #setReadVersion(long)}. A read version older than the store's MVCC window (5 seconds, as on
 *       FoundationDB) fails with {@link KvError#TRANSACTION_TOO_OLD}.
 *   <li><b>Read-your-writes.</b> Reads see this transaction's own sets, clears, range clears and
 *       atomic mutations. Reading a key written with {@link MutationType#SET_VERSIONSTAMPED_VALUE},
 *       or a range that may contain a key written with {@link MutationType#SET_VERSIONSTAMPED_KEY},
 *       fails with {@link KvError#ACCESSED_UNREADABLE}.
 *   <li><b>Conflicts.</b> Serializable reads add read conflict ranges (a read satisfied entirely by
 *       this transaction's own independent writes adds none); writes add write conflict ranges
 *       unless {@link #setNextWriteNoWriteConflictRange()} was called just before. {@link
 *       #commit()} fails with {@link KvError#NOT_COMMITTED} iff a read conflict range intersects a
 *       write conflict range of a transaction that committed after this transaction's read version.
 *   <li><b>Limits.</b> Keys up to 10,000 bytes, values up to 100,000 bytes, 10,000,000 bytes per
 *       transaction (mutations plus conflict ranges, counted as FoundationDB counts them).
 *       FoundationDB always enforces them; the embedded backend enforces them in strict mode.
 *       Oversized keys and values fail at {@link #set} / {@link #mutate} time; an oversized
 *       transaction fails at {@link #commit()} and nothing of it becomes visible.
 *   <li><b>System keys.</b> Keys starting with {@code 0xff} are refused ({@link
 *       KvError#KEY_OUTSIDE_LEGAL_RANGE}) unless {@link TransactionOption#READ_SYSTEM_KEYS} (reads)
 *       or {@link TransactionOption#ACCESS_SYSTEM_KEYS} (reads and writes) is set. The one
 *       exception is {@link SystemKeys#metadataVersionKey()}: any transaction may read it and bump
 *       it with {@link MutationType#SET_VERSIONSTAMPED_VALUE} and the parameter {@link
 *       SystemKeys#metadataVersionParam()}; any other write to it fails with {@link
 *       KvError#INVALID_ARGUMENT}.
 * </ul>
 *
 * <p>A transaction may be used from several threads. Operations after {@link #close()} fail with
 * {@link KvError#TRANSACTION_CANCELLED}; operations during or after {@link #commit()} (successful
 * or not) fail with {@link KvError#USED_AFTER_COMMIT}. A failed transaction is not reset: retry
 * with a new one ({@link TransactionRunner}).
 */
public interface KvTransaction extends KvReader, AutoCloseable {

  /**
   * A reader over the same read version that adds no read conflict ranges (FoundationDB's snapshot
   * reads).
   */
  KvReader snapshot();

  /** The read version, obtaining one from the store if none was set yet. */
  long getReadVersion();

  /**
   * Sets the read version. Must be called before the first read and before {@link
   * #getReadVersion()} (otherwise {@link KvError#INVALID_ARGUMENT}). A version newer than any the
   * store has handed out fails with {@link KvError#FUTURE_VERSION}; one older than the MVCC window
   * with {@link KvError#TRANSACTION_TOO_OLD}. A backend may report these errors here or at the
   * first read that needs the version (FoundationDB reports them at the read).
   */
  void setReadVersion(long version);

  void set(byte[] key, byte[] value);

  void clear(byte[] key);

  /** Clears every key in {@code [begin, end)}. */
  void clearRange(byte[] begin, byte[] end);

  /**
   * Applies an atomic mutation. For the versionstamp mutations, {@code param} ends with a 4-byte
   * little-endian offset (FoundationDB API &ge; 520 format) telling where, in the key or the value,
   * the 10-byte versionstamp of the commit is written; the offset itself is not stored. An offset
   * that does not leave room for 10 bytes fails with {@link KvError#INVALID_ARGUMENT} at once
   * ({@link Versionstamp#incompleteParam} builds valid parameters).
   *
   * <p>After {@link MutationType#SET_VERSIONSTAMPED_VALUE} the key is unreadable in this
   * transaction; after {@link MutationType#SET_VERSIONSTAMPED_KEY} every key the mutation could
   * produce is: {@code [key with the 10 bytes set to readVersion (big-endian) and 0x0000,
   * keyAfter(key with the 10 bytes set to 0xff))}, with readVersion 0 if none was obtained yet
   * (FoundationDB's {@code getVersionstampKeyRange}). Reads touching them fail with {@link
   * KvError#ACCESSED_UNREADABLE}; that range is also the mutation's write conflict range.
   */
  void mutate(MutationType type, byte[] key, byte[] param);

  void addReadConflictRange(byte[] begin, byte[] end);

  void addWriteConflictRange(byte[] begin, byte[] end);

  /** Convenience for a read conflict on exactly {@code key}. */
  default void addReadConflictKey(byte[] key) {
    addReadConflictRange(key, Bytes.keyAfter(key));
  }

  /** Convenience for a write conflict on exactly {@code key}. */
  default void addWriteConflictKey(byte[] key) {
    addWriteConflictRange(key, Bytes.keyAfter(key));
  }

  /** The next write (set, clear, clear range or mutation) adds no write conflict range. */
  void setNextWriteNoWriteConflictRange();

  /** Sets an option; backends ignore options that mean nothing to them. */
  void setOption(TransactionOption option);

  /**
   * FoundationDB's estimate of the bytes this transaction would send at commit (mutations and
   * conflict ranges).
   */
  long getApproximateSize();

  /**
   * Commits. On success returns the commit version and versionstamp; a transaction with no writes
   * "commits" at its read version with no versionstamp (as on FoundationDB, where read-only commits
   * are local).
   *
   * <p>A transaction with read conflict ranges whose read version has left the MVCC window fails
   * with {@link KvError#TRANSACTION_TOO_OLD} (as FoundationDB's resolvers do; blind writes have
   * nothing to check and commit).
   *
   * @throws KvException {@link KvError#NOT_COMMITTED} on a conflict, {@link
   *     KvError#COMMIT_UNKNOWN_RESULT} if the outcome is unknown, {@link
   *     KvError#TRANSACTION_TOO_LARGE} over the size limit, among others.
   */
  CommitResult commit();

  /** Abandons the transaction if not committed, and releases its resources. Idempotent. */
  @Override
  void close();
}
