package io.mvsqlite.client.vfs;

import static io.mvsqlite.protocol.SqliteCodes.SQLITE_BUSY;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_CANTOPEN;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_CHUNK_SIZE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_CKPT_DONE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_CKPT_START;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_COMMIT_PHASETWO;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_SIZE_HINT;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_SYNC;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_FSTAT;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_FSYNC;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_LOCK;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_READ;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_TRUNCATE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_UNLOCK;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_WRITE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_LOCKED;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_LOCK_NONE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_LOCK_RESERVED;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_LOCK_SHARED;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_NOTFOUND;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OK;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_READONLY;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.transport.Transport;
import io.mvsqlite.client.txn.CommitGroup;
import io.mvsqlite.client.txn.CommitResult;
import io.mvsqlite.client.txn.HeaderFields;
import io.mvsqlite.client.txn.MvConnection;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.SqliteCodes;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main database file of one SQLite connection on mvSQLite: SQLite's file calls mapped onto an
 * {@link MvConnection} (reference client §4, §5). Journals and temp files are {@link MemoryFile}s,
 * not this class.
 *
 * <p><b>Locks drive transactions.</b> The first SHARED lock takes a snapshot; RESERVED starts a
 * write transaction; dropping below RESERVED ends it (committed, or discarded); NONE ends the
 * snapshot. No distributed lock is ever taken: RESERVED and EXCLUSIVE are granted at once, and
 * concurrency is optimistic.
 *
 * <p><b>The commit point is the sync of the database file</b> ({@code SQLITE_FCNTL_SYNC}, which
 * SQLite sends right before {@code xSync} and also instead of it under {@code PRAGMA
 * synchronous=OFF}), in SQLite's commit phase one, <em>before</em> it finalizes its journal. A
 * conflict there returns {@code SQLITE_BUSY}: SQLite's COMMIT fails and the transaction stays open
 * with its journal intact; every later COMMIT fails the same way (the conflict is remembered), and
 * ROLLBACK plays the journal back. Nothing is ever reported committed that was not. SQLite also
 * syncs the file when it plays a journal back (rollback), so a sync is a commit point only when
 * page 0 carries SQLite's commit stamp: the change counter SQLite writes when committing is the one
 * it read plus one, while a journal playback restores the one it read. docs/client.md has the
 * traces this rests on. A write transaction that reaches the unlock without a sync commits there if
 * SQLite confirmed it ({@code COMMIT_PHASETWO}), as the reference does, and is discarded otherwise.
 *
 * <p><b>Page 0.</b> On writes the change counter and version-valid-for are zeroed (so an unchanged
 * header is not a change); on reads both carry a per-connection counter that moves by two at every
 * new transaction, so SQLite drops its own cache (ours survives, kept coherent by the server's
 * change lists). Before the first lock, SQLite reads the header to learn the page size: the first
 * such read fetches the namespace's real page 0 and adopts its page size.
 *
 * <p><b>Errors</b> never abort: each becomes a {@link VfsException} with an {@code SQLITE_IOERR_*}
 * code of the method (or {@code SQLITE_BUSY}, {@code SQLITE_READONLY}, {@code SQLITE_CANTOPEN}) and
 * a message kept for {@code xGetLastError}. A transaction that failed can only roll back.
 *
 * <p><b>Commit groups.</b> When the connection's {@link MvConnection#commitGroup() group} is open,
 * the commit point stages the transaction in the group instead of committing it (SQLite sees a
 * successful commit), and a new transaction on a database whose transaction is staged fails at its
 * first lock with {@code SQLITE_LOCKED} and a message saying why (docs/commit-groups.md).
 *
 * <p>Not thread-safe: SQLite calls a file from one connection at a time. Later layers reach the
 * connection through {@link #connection()} (pin, unpin, last known version, lock owner, prefetch
 * metrics) on the same thread.
 */
public final class MvFile implements VirtualFile {

  private static final Logger LOG = LoggerFactory.getLogger(MvFile.class);

  private final MvConnection connection;
  private final Transport transport;
  private final boolean readOnly;
  private final boolean pageSizeRequired;
  private final String description;

  private int lockLevel = SQLITE_LOCK_NONE;

  /** Commits made at the unlock (no commit-stamped sync was seen), for tests and diagnostics. */
  private int commitsAtUnlock;

  /** The change counter SQLite currently believes page 0 carries. */
  private int counter;

  private boolean probed;
  private byte[] probedPage0;

  // State of the current write transaction.
  /**
   * The change counter of the latest page-0 write of this write transaction, or null if page 0 was
   * not written.
   */
  private Integer page0Stamp;

  private boolean committed;
  private String conflict;
  private MvException failure;
  private boolean phaseTwo;

  MvFile(
      MvConnection connection,
      Transport transport,
      boolean readOnly,
      ClientConfig config,
      String description) {
    this.connection = connection;
    this.transport = transport;
    this.readOnly = readOnly;
    this.pageSizeRequired = config.pageSizeRequired();
    this.description = description;
  }

  /** The connection behind this file, for pinning, lock owners, versions and metrics. */
  public MvConnection connection() {
    return connection;
  }

  /**
   * How many write transactions committed at the unlock (the fallback) rather than at the sync
   * point.
   */
  int commitsAtUnlock() {
    return commitsAtUnlock;
  }

  /** Where the pages live (for messages). */
  public String transportDescription() {
    return transport.describe();
  }

  @Override
  public boolean isReadOnly() {
    return readOnly;
  }

  // ------------------------------------------------------------------ reads

  @Override
  public int read(ByteBuffer dst, long offset) throws VfsException {
    int length = dst.remaining();
    int pageSize = connection.pageSize();
    if (!connection.inTransaction()) {
      if (offset < 0 || offset + length > pageSize) {
        throw new VfsException(
            SQLITE_IOERR_READ,
            "read of "
                + length
                + " bytes at "
                + offset
                + " without a lock; only the header of page 0 can be read before SQLite locks "
                + description);
      }
      byte[] page0 = unlockedFirstPage();
      copyStamped(page0, (int) offset, dst, length);
      return SQLITE_OK;
    }
    long index = offset / pageSize;
    int within = (int) (offset % pageSize);
    if (within + length > pageSize || index > Integer.MAX_VALUE) {
      throw new VfsException(
          SQLITE_IOERR_READ,
          "unaligned read of "
              + length
              + " bytes at offset "
              + offset
              + " crosses a page boundary (page size "
              + pageSize
              + ")");
    }
    byte[] page;
    try {
      page = connection.readPage((int) index);
    } catch (MvException e) {
      throw fail(e, SQLITE_IOERR_READ, "reading page " + index);
    }
    if (index == 0) {
      checkFirstPage(page, SQLITE_IOERR_READ);
      copyStamped(page, within, dst, length);
    } else {
      dst.put(page, within, length);
    }
    return SQLITE_OK;
  }

  private void copyStamped(byte[] page0, int from, ByteBuffer dst, int length) {
    byte[] slice = new byte[length];
    System.arraycopy(page0, from, slice, 0, Math.min(length, page0.length - from));
    HeaderFields.stampCounters(slice, from, counter);
    dst.put(slice);
  }

  /**
   * Page 0 for reads before any lock: the namespace's own, fetched once (learning its page size),
   * or the template.
   */
  private byte[] unlockedFirstPage() throws VfsException {
    if (!probed) {
      byte[] page0;
      try {
        page0 = connection.probeFirstPage();
      } catch (MvException e) {
        int code = e.code().sqliteCode() == SQLITE_CANTOPEN ? SQLITE_CANTOPEN : SQLITE_IOERR_READ;
        throw fail(e, code, "opening");
      }
      if (page0 != null) {
        checkFirstPage(page0, SQLITE_CANTOPEN);
        adoptPageSize(HeaderFields.pageSize(page0));
      }
      probedPage0 = page0;
      probed = true;
    }
    return probedPage0 != null ? probedPage0 : connection.templatePage();
  }

  private void adoptPageSize(int size) throws VfsException {
    if (size == connection.pageSize()) {
      return;
    }
    if (!ClientConfig.PAGE_SIZES.contains(size)) {
      throw new VfsException(
          SQLITE_CANTOPEN,
          description
              + " has "
              + size
              + "-byte pages; mvSQLite supports 4096, 8192, 16384 and 32768");
    }
    if (pageSizeRequired) {
      throw new VfsException(
          SQLITE_CANTOPEN,
          description
              + " has "
              + size
              + "-byte pages, but pageSize="
              + connection.pageSize()
              + " was asked for; open it with pageSize="
              + size
              + " (or without pageSize)");
    }
    LOG.debug(
        "{} has {}-byte pages; using them instead of {}", description, size, connection.pageSize());
    connection.setPageSize(size);
  }

  private void checkFirstPage(byte[] page0, int code) throws VfsException {
    if (HeaderFields.isWal(page0)) {
      throw new VfsException(
          code,
          description
              + " is marked as a WAL database (header bytes 18/19 = 2);"
              + " mvSQLite supports rollback-journal databases only");
    }
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void write(ByteBuffer src, long offset) throws VfsException {
    if (readOnly || connection.pinnedVersion() != null) {
      throw new VfsException(
          SQLITE_READONLY,
          description
              + " is pinned to version "
              + connection.pinnedVersion()
              + ": a read-only view of the past");
    }
    if (lockLevel < SQLITE_LOCK_RESERVED) {
      throw new VfsException(SQLITE_IOERR_WRITE, "write without a RESERVED lock on " + description);
    }
    if (!connection.inWriteTransaction()) {
      // SQLite writes again after this file committed at its sync point, before unlocking: a new
      // write
      // transaction from the committed snapshot.
      try {
        connection.beginWrite();
      } catch (MvException e) {
        throw fail(e, SQLITE_IOERR_WRITE, "starting to write");
      }
      resetWriteState();
    }
    // Writes after a failure are accepted: SQLite's rollback writes the journal back, and must
    // succeed.
    int pageSize = connection.pageSize();
    int length = src.remaining();
    if (length != pageSize || offset % pageSize != 0 || offset / pageSize > Integer.MAX_VALUE) {
      throw new VfsException(
          SQLITE_IOERR_WRITE,
          "unaligned write of "
              + length
              + " bytes at offset "
              + offset
              + "; mvSQLite writes whole "
              + pageSize
              + "-byte pages");
    }
    int index = (int) (offset / pageSize);
    byte[] data = new byte[length];
    src.get(data);
    if (index == 0) {
      if (HeaderFields.pageSize(data) != pageSize) {
        throw new VfsException(
            SQLITE_IOERR_WRITE,
            "changing the page size of "
                + description
                + " from "
                + pageSize
                + " to "
                + HeaderFields.pageSize(data)
                + " bytes is not supported");
      }
      checkFirstPage(data, SQLITE_IOERR_WRITE);
      page0Stamp = HeaderFields.changeCounter(data);
      HeaderFields.zeroCounters(data);
    }
    try {
      connection.writePage(index, data);
    } catch (MvException e) {
      failure = e;
      throw fail(e, SQLITE_IOERR_WRITE, "writing page " + index);
    }
  }

  @Override
  public void truncate(long sizeBytes) throws VfsException {
    if (!connection.inTransaction()) {
      return;
    }
    int pageSize = connection.pageSize();
    try {
      connection.truncate((int) ((sizeBytes + pageSize - 1) / pageSize));
    } catch (MvException e) {
      throw fail(e, SQLITE_IOERR_TRUNCATE, "truncating");
    }
  }

  @Override
  public long fileSize() throws VfsException {
    int pageSize = connection.pageSize();
    if (!connection.inTransaction()) {
      byte[] page0 = probed ? probedPage0 : null;
      return (long) (page0 == null ? 1 : Math.max(1, HeaderFields.pageCount(page0))) * pageSize;
    }
    try {
      return (long) connection.sizePages() * pageSize;
    } catch (MvException e) {
      throw fail(e, SQLITE_IOERR_FSTAT, "reading the file size");
    }
  }

  // ------------------------------------------------------------------ the commit point

  @Override
  public void sync(int flags) throws VfsException {
    syncPoint();
  }

  /**
   * Commits if this sync is SQLite's commit (see the class comment): a write transaction whose page
   * 0 carries the commit stamp, not yet committed.
   */
  private void syncPoint() throws VfsException {
    if (lockLevel < SQLITE_LOCK_RESERVED
        || !connection.inWriteTransaction()
        || committed
        || !commitStamped()) {
      return;
    }
    if (conflict != null) {
      throw new VfsException(
          SQLITE_BUSY,
          "this transaction conflicted with another commit ("
              + conflict
              + "); nothing was committed: ROLLBACK and run it again");
    }
    if (failure != null) {
      throw new VfsException(
          ioCode(failure, SQLITE_IOERR_FSYNC),
          "cannot commit, the transaction failed: " + failure.getMessage());
    }
    applyCommit(connection.commit(), SQLITE_IOERR_FSYNC);
  }

  private boolean commitStamped() {
    return page0Stamp != null && page0Stamp == counter + 1;
  }

  private void applyCommit(CommitResult result, int failureCode) throws VfsException {
    switch (result) {
      case CommitResult.Committed c -> {
        committed = true;
        LOG.debug("{}: committed {} pages at {}", description, c.pages(), c.version());
      }
      case CommitResult.Staged staged -> {
        committed = true;
        LOG.debug(
            "{}: staged {} pages in the connection's commit group", description, staged.pages());
      }
      case CommitResult.Unchanged u -> committed = true;
      case CommitResult.Conflict c -> {
        conflict = c.reason();
        LOG.debug("{}: commit conflict: {}", description, c.reason());
        String why =
            c.reason() == null || c.reason().isBlank()
                ? "another transaction changed what this one read"
                : c.reason();
        throw new VfsException(
            SQLITE_BUSY,
            "commit conflict on "
                + description
                + ": "
                + why
                + "; nothing was committed: ROLLBACK and retry");
      }
      case CommitResult.Failed f -> {
        failure = f.error();
        LOG.warn(
            "{}: commit failed: {}: {}", description, f.error().code(), f.error().getMessage());
        throw fail(f.error(), failureCode, "committing");
      }
    }
    if (page0Stamp != null) {
      counter = page0Stamp;
    }
  }

  // ------------------------------------------------------------------ locks

  @Override
  public int lock(int level) throws VfsException {
    if (level <= lockLevel) {
      return SQLITE_OK;
    }
    if (lockLevel == SQLITE_LOCK_NONE) {
      CommitGroup group = connection.commitGroup();
      String refusal = group == null ? null : group.refusal(connection);
      if (refusal != null) {
        // SQLITE_LOCKED: a conflict within this connection, which no busy handler or retry can
        // resolve.
        throw new VfsException(SQLITE_LOCKED, description + ": " + refusal);
      }
      try {
        connection.begin();
      } catch (MvException e) {
        throw fail(e, SQLITE_IOERR_LOCK, "starting a transaction");
      }
      counter += 2;
      lockLevel = SQLITE_LOCK_SHARED;
    }
    if (level >= SQLITE_LOCK_RESERVED && lockLevel < SQLITE_LOCK_RESERVED) {
      try {
        connection.beginWrite();
      } catch (MvException e) {
        throw fail(
            e,
            e.code() == ErrorCode.READ_ONLY ? SQLITE_READONLY : SQLITE_IOERR_LOCK,
            "starting to write");
      }
      resetWriteState();
    }
    lockLevel = level;
    return SQLITE_OK;
  }

  @Override
  public int unlock(int level) throws VfsException {
    if (level >= lockLevel) {
      return SQLITE_OK;
    }
    int rc = SQLITE_OK;
    VfsException error = null;
    if (lockLevel >= SQLITE_LOCK_RESERVED && level < SQLITE_LOCK_RESERVED) {
      try {
        rc = finishWrite();
      } catch (VfsException e) {
        error = e;
      }
    }
    if (level == SQLITE_LOCK_NONE && connection.inTransaction()) {
      connection.end();
    }
    lockLevel = level;
    if (error != null) {
      throw error;
    }
    return rc;
  }

  /**
   * Ends the write transaction at unlock: already committed, committed now (confirmed, no sync
   * seen), or discarded.
   */
  private int finishWrite() throws VfsException {
    try {
      if (!committed && phaseTwo && conflict == null && failure == null && connection.hasWrites()) {
        commitsAtUnlock++;
        LOG.debug(
            "{}: committing at unlock: SQLite confirmed a commit without a commit-stamped sync",
            description);
        try {
          applyCommit(connection.commit(), SQLITE_IOERR_UNLOCK);
        } catch (VfsException e) {
          connection.discardWrites();
          if (e.sqliteResultCode() == SQLITE_BUSY) {
            return SQLITE_BUSY;
          }
          throw e;
        }
      } else if (!committed) {
        connection.discardWrites();
      }
      return SQLITE_OK;
    } finally {
      resetWriteState();
    }
  }

  private void resetWriteState() {
    page0Stamp = null;
    committed = false;
    conflict = null;
    failure = null;
    phaseTwo = false;
  }

  @Override
  public boolean checkReservedLock() {
    return false;
  }

  // ------------------------------------------------------------------ file controls and pragmas

  @Override
  public int fileControl(int op, long value) throws VfsException {
    return switch (op) {
      case SQLITE_FCNTL_COMMIT_PHASETWO -> {
        phaseTwo = true;
        yield SQLITE_OK;
      }
      case SQLITE_FCNTL_SYNC -> {
        syncPoint();
        yield SQLITE_OK;
      }
      case SQLITE_FCNTL_SIZE_HINT,
          SQLITE_FCNTL_CHUNK_SIZE,
          SQLITE_FCNTL_CKPT_START,
          SQLITE_FCNTL_CKPT_DONE ->
          SQLITE_OK;
      default -> SQLITE_NOTFOUND;
    };
  }

  @Override
  public PragmaAnswer pragma(String name, String valueOrNull) {
    String pragma = name.toLowerCase(Locale.ROOT);
    String value = valueOrNull == null ? null : valueOrNull.trim().toLowerCase(Locale.ROOT);
    if (pragma.equals("locking_mode") && "exclusive".equals(value)) {
      return new PragmaAnswer.Refused(
          "mvSQLite does not support PRAGMA locking_mode=EXCLUSIVE: SQLite would keep"
              + " its lock, and so one snapshot, forever and never see other writers' commits");
    }
    if (pragma.equals("page_size") && value != null) {
      try {
        int size = Integer.parseInt(value);
        if (size != connection.pageSize()) {
          return new PragmaAnswer.Refused(
              "the page size of an mvSQLite namespace is fixed: "
                  + description
                  + " has "
                  + connection.pageSize()
                  + "-byte pages (choose the size of a new namespace with the"
                  + " pageSize URI parameter)");
        }
      } catch (NumberFormatException e) {
        return PragmaAnswer.NOT_HANDLED;
      }
    }
    return PragmaAnswer.NOT_HANDLED;
  }

  @Override
  public int sectorSize() {
    return connection.pageSize();
  }

  @Override
  public void close() {
    try {
      connection.close();
    } finally {
      transport.close();
    }
  }

  // ------------------------------------------------------------------ errors

  /**
   * The SQLite code for a failure: the error's own {@code SQLITE_IOERR_*} subcode if it has one,
   * else {@code code}.
   */
  private static int ioCode(MvException e, int code) {
    int own = e.code().sqliteCode();
    if (SqliteCodes.primary(own) == SQLITE_IOERR
        && own != SQLITE_IOERR
        && SqliteCodes.primary(code) == SQLITE_IOERR) {
      return own;
    }
    return code;
  }

  private VfsException fail(MvException e, int code, String doing) {
    return new VfsException(
        ioCode(e, code),
        description + ": " + doing + " failed: " + e.code() + ": " + e.getMessage(),
        e);
  }

  @Override
  public String toString() {
    return "MvFile[" + description + "]";
  }
}
