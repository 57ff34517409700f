package io.mvsqlite.client.vfs;

import static io.mvsqlite.protocol.SqliteCodes.SQLITE_ACCESS_EXISTS;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_BUSY;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_CANTOPEN;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_LOCK_EXCLUSIVE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_LOCK_NONE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_LOCK_PENDING;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_LOCK_RESERVED;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_LOCK_SHARED;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OK;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_CREATE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_DELETEONCLOSE;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory VFS for tests: named files are {@link MemoryFile}s shared by every connection that
 * opens the name, with SQLite's five lock levels enforced across those connections (as {@code
 * os_unix.c} does with fcntl locks: many SHARED, one RESERVED, PENDING blocks new readers,
 * EXCLUSIVE waits for readers to leave). Unnamed temp files get a private {@link MemoryFile} each.
 * Nothing touches the disk.
 *
 * <p>It counts opens so tests can check which files went through it. Thread-safe.
 */
public final class MemoryVfs implements VirtualFileSystem {

  private final String name;
  private final ConcurrentMap<String, Entry> files = new ConcurrentHashMap<>();
  private final AtomicInteger opens = new AtomicInteger();
  private final AtomicInteger tempOpens = new AtomicInteger();
  private final Queue<Opened> opened = new ConcurrentLinkedQueue<>();

  /**
   * One successful open: the name (null for temp files), the SQLITE_OPEN_* flags, and the file
   * handed out.
   */
  public record Opened(String name, int flags, VirtualFile file) {}

  public MemoryVfs(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public VirtualFile open(String nameOrNull, int flags) throws VfsException {
    opens.incrementAndGet();
    if (nameOrNull == null) {
      tempOpens.incrementAndGet();
      return remember(null, flags, new MemoryFile(flags | SQLITE_OPEN_DELETEONCLOSE, () -> {}));
    }
    Entry entry =
        (flags & SQLITE_OPEN_CREATE) != 0
            ? files.computeIfAbsent(nameOrNull, n -> new Entry())
            : files.get(nameOrNull);
    if (entry == null) {
      throw new VfsException(SQLITE_CANTOPEN, "no such file: " + nameOrNull);
    }
    return remember(
        nameOrNull, flags, new Handle(nameOrNull, entry, (flags & SQLITE_OPEN_DELETEONCLOSE) != 0));
  }

  private VirtualFile remember(String fileName, int flags, VirtualFile file) {
    opened.add(new Opened(fileName, flags, file));
    return file;
  }

  /** Every successful open so far, in order. */
  public List<Opened> opened() {
    return List.copyOf(opened);
  }

  @Override
  public boolean access(String fileName, int flags) {
    Entry entry = files.get(fileName);
    if (entry == null) {
      return false;
    }
    // Like os_unix: an empty file does not "exist" (so an empty journal is never taken for a hot
    // one).
    return flags != SQLITE_ACCESS_EXISTS || entry.content.fileSize() > 0;
  }

  @Override
  public void delete(String fileName, boolean syncDir) {
    files.remove(fileName);
  }

  /** Names of the files that exist now. */
  public Set<String> fileNames() {
    return new TreeSet<>(files.keySet());
  }

  /** Size of the named file in bytes, or -1 if it does not exist. */
  public long fileSize(String fileName) {
    Entry entry = files.get(fileName);
    return entry == null ? -1 : entry.content.fileSize();
  }

  /** How many files were opened, named or not. */
  public int opens() {
    return opens.get();
  }

  /** How many unnamed temp files were opened. */
  public int tempOpens() {
    return tempOpens.get();
  }

  /** The shared content and lock state of one named file. */
  private static final class Entry {
    final MemoryFile content = new MemoryFile();
    int sharedCount; // guarded by this: handles at SHARED or above
    Handle writer; // guarded by this: the handle at RESERVED, PENDING or EXCLUSIVE
  }

  /** One connection's handle on a named file. */
  private final class Handle implements VirtualFile {
    private final String fileName;
    private final Entry entry;
    private final boolean deleteOnClose;
    private int level = SQLITE_LOCK_NONE; // guarded by entry

    Handle(String fileName, Entry entry, boolean deleteOnClose) {
      this.fileName = fileName;
      this.entry = entry;
      this.deleteOnClose = deleteOnClose;
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws VfsException {
      return entry.content.read(dst, offset);
    }

    @Override
    public void write(ByteBuffer src, long offset) throws VfsException {
      entry.content.write(src, offset);
    }

    @Override
    public void truncate(long sizeBytes) throws VfsException {
      entry.content.truncate(sizeBytes);
    }

    @Override
    public void sync(int flags) {}

    @Override
    public long fileSize() {
      return entry.content.fileSize();
    }

    @Override
    public int lock(int wanted) {
      synchronized (entry) {
        if (wanted <= level) {
          return SQLITE_OK;
        }
        if (wanted == SQLITE_LOCK_SHARED) {
          if (entry.writer != null && entry.writer.level >= SQLITE_LOCK_PENDING) {
            return SQLITE_BUSY;
          }
          entry.sharedCount++;
          level = SQLITE_LOCK_SHARED;
          return SQLITE_OK;
        }
        if (entry.writer != null && entry.writer != this) {
          return SQLITE_BUSY;
        }
        entry.writer = this;
        if (wanted == SQLITE_LOCK_RESERVED) {
          level = SQLITE_LOCK_RESERVED;
          return SQLITE_OK;
        }
        // EXCLUSIVE: hold PENDING (no new readers) until this handle is the only reader.
        if (entry.sharedCount > 1) {
          level = SQLITE_LOCK_PENDING;
          return SQLITE_BUSY;
        }
        level = SQLITE_LOCK_EXCLUSIVE;
        return SQLITE_OK;
      }
    }

    @Override
    public int unlock(int wanted) {
      synchronized (entry) {
        if (wanted >= level) {
          return SQLITE_OK;
        }
        if (level >= SQLITE_LOCK_RESERVED && entry.writer == this) {
          entry.writer = null;
        }
        if (wanted == SQLITE_LOCK_NONE && level >= SQLITE_LOCK_SHARED) {
          entry.sharedCount--;
        }
        level = wanted;
        return SQLITE_OK;
      }
    }

    @Override
    public boolean checkReservedLock() {
      synchronized (entry) {
        return entry.writer != null;
      }
    }

    @Override
    public void close() {
      unlock(SQLITE_LOCK_NONE);
      if (deleteOnClose) {
        files.remove(fileName, entry);
      }
    }
  }
}
