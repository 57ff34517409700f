package io.mvsqlite.client.vfs;

import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FULL;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_READ;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_SHORT_READ;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_TRUNCATE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_WRITE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_LOCK_NONE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_LOCK_RESERVED;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OK;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_DELETEONCLOSE;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A file that lives in the Java heap: a growable byte store, as SQLite's {@code memdb} or
 * mvSQLite's temp files (reference client §4.9). mvSQLite keeps its rollback journals and temp
 * files in it; tests build whole in-memory VFSes on it.
 *
 * <p><b>What it implements.</b> Reads past the end are short reads: the missing bytes are
 * zero-filled and {@code SQLITE_IOERR_SHORT_READ} is returned. Writes grow the file; a gap between
 * the old end and the write reads as zeros. Truncation shrinks or zero-extends. Sync is a no-op:
 * nothing outlives the process anyway. Content is kept in 64 KiB chunks, so growing a large file
 * never copies it and the size is not limited to 2 GiB; a small file (a typical journal) has one
 * short chunk that starts at 4 KiB and doubles.
 *
 * <p><b>What it leaves out.</b> Locks are only recorded ({@link #lockLevel()}); this class never
 * answers {@code SQLITE_BUSY}. A VFS that shares one store between several connections implements
 * locking itself and delegates the byte operations here.
 *
 * <p><b>Delete on close.</b> A file opened with {@code SQLITE_OPEN_DELETEONCLOSE} drops its content
 * when closed and runs the {@code onDelete} callback once, so the owning VFS can forget its name.
 *
 * <p>Thread-safe: content is guarded by a read-write lock, so reads of a shared file proceed in
 * parallel.
 */
public final class MemoryFile implements VirtualFile {

  /** Content is stored in chunks of this many bytes; only the last chunk may be shorter. */
  static final int CHUNK_BYTES = 64 * 1024;

  /**
   * A short last chunk starts at this size and doubles, so small files (most journals) stay small.
   */
  static final int MIN_CHUNK_BYTES = 4096;

  /**
   * The largest size a memory file may reach: 1 TiB. Writing past it fails with {@code
   * SQLITE_FULL}.
   */
  public static final long MAX_SIZE_BYTES = 1L << 40;

  private static final byte[] ZEROS = new byte[CHUNK_BYTES];

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  // Guarded by lock. Every chunk but the last holds CHUNK_BYTES; bytes past size are always zero.
  private final ArrayList<byte[]> chunks = new ArrayList<>();
  private long size; // guarded by lock
  private volatile int lockLevel = SQLITE_LOCK_NONE;
  private final boolean deleteOnClose;
  private final Runnable onDelete;
  private final AtomicBoolean deleted = new AtomicBoolean();

  /** An empty file that keeps its content when closed. */
  public MemoryFile() {
    this(0, () -> {});
  }

  /**
   * An empty file opened with {@code openFlags}.
   *
   * @param onDelete run once, after the content is dropped, when a file opened with {@code
   *     SQLITE_OPEN_DELETEONCLOSE} is closed; it must not throw
   */
  public MemoryFile(int openFlags, Runnable onDelete) {
    this.deleteOnClose = (openFlags & SQLITE_OPEN_DELETEONCLOSE) != 0;
    this.onDelete = Objects.requireNonNull(onDelete, "onDelete");
  }

  @Override
  public int read(ByteBuffer dst, long offset) throws VfsException {
    if (offset < 0) {
      throw new VfsException(SQLITE_IOERR_READ, "negative read offset");
    }
    int wanted = dst.remaining();
    int copied;
    lock.readLock().lock();
    try {
      copied = (int) Math.max(0, Math.min(wanted, size - offset));
      long position = offset;
      int left = copied;
      while (left > 0) {
        int within = (int) (position % CHUNK_BYTES);
        int length = Math.min(left, CHUNK_BYTES - within);
        dst.put(chunks.get((int) (position / CHUNK_BYTES)), within, length);
        position += length;
        left -= length;
      }
    } finally {
      lock.readLock().unlock();
    }
    if (copied == wanted) {
      return SQLITE_OK;
    }
    while (dst.hasRemaining()) {
      dst.put(ZEROS, 0, Math.min(dst.remaining(), ZEROS.length));
    }
    return SQLITE_IOERR_SHORT_READ;
  }

  @Override
  public void write(ByteBuffer src, long offset) throws VfsException {
    if (offset < 0) {
      throw new VfsException(SQLITE_IOERR_WRITE, "negative write offset");
    }
    if (!src.hasRemaining()) {
      return; // as pwrite(2): writing nothing never extends the file
    }
    long end = offset + src.remaining();
    if (end > MAX_SIZE_BYTES) {
      throw new VfsException(SQLITE_FULL, "memory file would exceed " + MAX_SIZE_BYTES + " bytes");
    }
    lock.writeLock().lock();
    try {
      ensureCapacity(end);
      long position = offset;
      while (src.hasRemaining()) {
        int within = (int) (position % CHUNK_BYTES);
        int length = Math.min(src.remaining(), CHUNK_BYTES - within);
        src.get(chunks.get((int) (position / CHUNK_BYTES)), within, length);
        position += length;
      }
      size = Math.max(size, end);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void truncate(long sizeBytes) throws VfsException {
    if (sizeBytes < 0 || sizeBytes > MAX_SIZE_BYTES) {
      throw new VfsException(SQLITE_IOERR_TRUNCATE, "truncate size out of range");
    }
    lock.writeLock().lock();
    try {
      if (sizeBytes >= size) {
        ensureCapacity(sizeBytes);
      } else {
        int keep = (int) ((sizeBytes + CHUNK_BYTES - 1) / CHUNK_BYTES);
        chunks.subList(keep, chunks.size()).clear();
        int within = (int) (sizeBytes % CHUNK_BYTES);
        if (within != 0) {
          byte[] last = chunks.get(keep - 1);
          Arrays.fill(last, within, last.length, (byte) 0);
        }
        chunks.trimToSize();
      }
      size = sizeBytes;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Grows the last chunk and adds zeroed chunks until {@code end} bytes fit. Caller holds the write
   * lock.
   */
  private void ensureCapacity(long end) {
    if (end <= capacity()) {
      return;
    }
    int lastIndex = chunks.size() - 1;
    if (lastIndex >= 0 && chunks.get(lastIndex).length < CHUNK_BYTES) {
      byte[] last = chunks.get(lastIndex);
      long neededInLast = end - (long) lastIndex * CHUNK_BYTES;
      int grown = (int) Math.min(CHUNK_BYTES, Math.max(neededInLast, 2L * last.length));
      chunks.set(lastIndex, Arrays.copyOf(last, grown));
    }
    while (capacity() < end) {
      long remaining = end - (long) chunks.size() * CHUNK_BYTES;
      // Only the chunk that will be last may be short: every earlier one is allocated full.
      chunks.add(
          new byte[remaining >= CHUNK_BYTES ? CHUNK_BYTES : roundUpToPowerOfTwo((int) remaining)]);
    }
  }

  private long capacity() {
    return chunks.isEmpty()
        ? 0
        : (long) (chunks.size() - 1) * CHUNK_BYTES + chunks.getLast().length;
  }

  private static int roundUpToPowerOfTwo(int bytes) {
    return Math.max(MIN_CHUNK_BYTES, Integer.highestOneBit(bytes - 1) << 1);
  }

  @Override
  public void sync(int flags) {}

  @Override
  public long fileSize() {
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int lock(int level) {
    lockLevel = level;
    return SQLITE_OK;
  }

  @Override
  public int unlock(int level) {
    lockLevel = level;
    return SQLITE_OK;
  }

  @Override
  public boolean checkReservedLock() {
    return lockLevel >= SQLITE_LOCK_RESERVED;
  }

  /** The lock level last set through {@link #lock} or {@link #unlock}. */
  public int lockLevel() {
    return lockLevel;
  }

  /** True if closing this file drops its content. */
  public boolean deletesOnClose() {
    return deleteOnClose;
  }

  @Override
  public void close() {
    if (deleteOnClose && deleted.compareAndSet(false, true)) {
      lock.writeLock().lock();
      try {
        chunks.clear();
        chunks.trimToSize();
        size = 0;
      } finally {
        lock.writeLock().unlock();
      }
      onDelete.run();
    }
  }
}
