package io.mvsqlite.client.vfs;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a VFS and makes chosen operations fail: set a failure with {@link #failReads}, {@link
 * #failLocks} or {@link #failOpens}, clear it with {@code null}. Failures apply to every file
 * opened through the wrapper, including those opened before the failure was set. Thread-safe.
 */
public final class FaultInjectingVfs implements VirtualFileSystem {

  private final VirtualFileSystem delegate;
  private volatile Throwable readFailure;
  private volatile Throwable lockFailure;
  private volatile Throwable openFailure;
  private final AtomicInteger injected = new AtomicInteger();

  public FaultInjectingVfs(VirtualFileSystem delegate) {
    this.delegate = delegate;
  }

  /**
   * Every read of a main database file (opened with SQLITE_OPEN_MAIN_DB) throws {@code failure}.
   */
  public void failReads(Throwable failure) {
    readFailure = failure;
  }

  /** Every lock request throws {@code failure}. */
  public void failLocks(Throwable failure) {
    lockFailure = failure;
  }

  /** Every open throws {@code failure}. */
  public void failOpens(Throwable failure) {
    openFailure = failure;
  }

  /** How many failures were thrown. */
  public int injected() {
    return injected.get();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public VirtualFile open(String nameOrNull, int flags) throws VfsException {
    throwIfSet(openFailure);
    VirtualFile file = delegate.open(nameOrNull, flags);
    boolean mainDb = (flags & io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_MAIN_DB) != 0;
    return new FaultyFile(file, mainDb);
  }

  @Override
  public boolean access(String name, int flags) throws VfsException {
    return delegate.access(name, flags);
  }

  @Override
  public void delete(String name, boolean syncDir) throws VfsException {
    delegate.delete(name, syncDir);
  }

  private void throwIfSet(Throwable failure) throws VfsException {
    if (failure == null) {
      return;
    }
    injected.incrementAndGet();
    switch (failure) {
      case VfsException e -> throw e;
      case RuntimeException e -> throw e;
      case Error e -> throw e;
      default -> throw new IllegalStateException("unsupported failure type", failure);
    }
  }

  private final class FaultyFile implements VirtualFile {
    private final VirtualFile file;
    private final boolean mainDb;

    FaultyFile(VirtualFile file, boolean mainDb) {
      this.file = file;
      this.mainDb = mainDb;
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws VfsException {
      if (mainDb) {
        throwIfSet(readFailure);
      }
      return file.read(dst, offset);
    }

    @Override
    public void write(ByteBuffer src, long offset) throws VfsException {
      file.write(src, offset);
    }

    @Override
    public void truncate(long sizeBytes) throws VfsException {
      file.truncate(sizeBytes);
    }

    @Override
    public void sync(int flags) throws VfsException {
      file.sync(flags);
    }

    @Override
    public long fileSize() throws VfsException {
      return file.fileSize();
    }

    @Override
    public int lock(int level) throws VfsException {
      throwIfSet(lockFailure);
      return file.lock(level);
    }

    @Override
    public int unlock(int level) throws VfsException {
      return file.unlock(level);
    }

    @Override
    public boolean checkReservedLock() throws VfsException {
      return file.checkReservedLock();
    }

    @Override
    public int fileControl(int op, long value) throws VfsException {
      return file.fileControl(op, value);
    }

    @Override
    public int sectorSize() {
      return file.sectorSize();
    }

    @Override
    public int deviceCharacteristics() {
      return file.deviceCharacteristics();
    }

    @Override
    public void close() throws VfsException {
      file.close();
    }
  }
}
