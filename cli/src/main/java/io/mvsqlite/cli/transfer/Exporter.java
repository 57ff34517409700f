package io.mvsqlite.cli.transfer;

import io.mvsqlite.cli.CliContext;
import io.mvsqlite.cli.CliException;
import io.mvsqlite.cli.Errors;
import io.mvsqlite.cli.NamespaceName;
import io.mvsqlite.cli.Progress;
import io.mvsqlite.cli.StoreAccess;
import io.mvsqlite.client.vfs.VersionPins;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exports a namespace, as it was at one version, into a SQLite database file: every page read at
 * that version ({@value #BATCH_PAGES} per request, {@value #MAX_IN_FLIGHT} requests at a time), the
 * page count taken from page 1's header, page 1 rewritten as a file needs it ({@link
 * SqliteHeader#prepareForFile}). The file is written beside the target under a temporary name,
 * checked with plain SQLite's {@code PRAGMA integrity_check}, and only then renamed into place; an
 * existing target is replaced only when {@code force} is set. A failed check leaves the temporary
 * file for inspection and fails.
 */
final class Exporter {

  static final int BATCH_PAGES = Limits.MAX_PAGES_PER_READ;
  static final int MAX_IN_FLIGHT = 8;

  /** What an export did. */
  record Result(
      int pages,
      int pageSizeBytes,
      Version version,
      int absentPages,
      double seconds,
      double verifySeconds) {

    long bytes() {
      return (long) pages * pageSizeBytes;
    }
  }

  private final CliContext ctx;
  private final StoreAccess store;
  private final Progress.Style progress;

  Exporter(CliContext ctx, StoreAccess store, Progress.Style progress) {
    this.ctx = ctx;
    this.store = store;
    this.progress = progress;
  }

  Result run(NamespaceName source, Path file, boolean force, boolean verify) {
    if (Files.exists(file) && !force) {
      throw CliException.failure(file + " exists; give --force to replace it");
    }
    if (Files.isDirectory(file)) {
      throw CliException.failure(
          file + " is a directory; give the path of the database file to write");
    }
    NamespaceRef ns = source.ref();
    store.ensureNamespace(ns, false);
    Version version = resolve(source);
    PageStore pages = store.pageStore();
    long start = System.nanoTime();
    byte[] page0 = readPages(pages, ns, version, 0, 1).getFirst().data();
    if (page0.length == 0) {
      throw CliException.failure(
          "namespace '"
              + ns.key()
              + "' is empty at version "
              + version.hex()
              + ": there is no database to export");
    }
    SqliteHeader header;
    try {
      header = SqliteHeader.parse(page0);
    } catch (IllegalArgumentException e) {
      throw CliException.failure(
          "namespace '"
              + ns.key()
              + "' does not hold a SQLite database at version "
              + version.hex()
              + ": its first page "
              + e.getMessage());
    }
    int count = header.pageCountField();
    if (count <= 0 || header.pageSizeBytes() != page0.length) {
      throw CliException.failure(
          "namespace '"
              + ns.key()
              + "' has an unusable header at version "
              + version.hex()
              + " (page count "
              + Integer.toUnsignedString(count)
              + ", page size "
              + header.pageSizeBytes()
              + ", page 1"
              + " has "
              + page0.length
              + " bytes)");
    }
    SqliteHeader.prepareForFile(page0, count);

    Path temp = file.toAbsolutePath().resolveSibling(file.getFileName() + ".mvsqlite-export");
    AtomicInteger absent = new AtomicInteger();
    try (FileChannel out =
            FileChannel.open(
                temp,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        Progress bar =
            Progress.start(ctx, progress, "exporting " + ns.key(), count, "pages", page0.length)) {
      write(out, 0, page0);
      bar.advance(1);
      copy(pages, ns, version, count, page0.length, out, bar, absent);
      out.force(true);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw CliException.failure("cannot write " + temp + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    long verifyStart = System.nanoTime();
    if (verify) {
      IntegrityCheck.throwUnlessOk(
          IntegrityCheck.onFile(temp),
          "the exported file "
              + temp
              + " (left there for"
              + " inspection; "
              + (absent.get() > 0
                  ? absent.get() + " pages were missing in the namespace and written" + " as zeros"
                  : "the namespace itself may be damaged")
              + ")");
    }
    try {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw CliException.failure("cannot move " + temp + " to " + file + ": " + e.getMessage(), e);
    }
    return new Result(
        count,
        page0.length,
        version,
        absent.get(),
        seconds,
        (System.nanoTime() - verifyStart) / 1e9);
  }

  private Version resolve(NamespaceName source) {
    if (source.pin() == null) {
      return store.stat(source.ref()).version();
    }
    try {
      return VersionPins.resolve(source.pin(), store.pageStore());
    } catch (MvException e) {
      throw CliException.failure("cannot export " + source.text() + ": " + Errors.describe(e), e);
    }
  }

  /** Reads pages 1..count-1 in parallel batches and writes each at its offset. */
  private static void copy(
      PageStore pages,
      NamespaceRef ns,
      Version version,
      int count,
      int pageSize,
      FileChannel out,
      Progress bar,
      AtomicInteger absent) {
    Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
    List<Future<?>> pending = new ArrayList<>();
    try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int first = 1; first < count; first += BATCH_PAGES) {
        int from = first;
        int n = Math.min(BATCH_PAGES, count - first);
        slots.acquire();
        pending.add(
            readers.submit(
                () -> {
                  try {
                    List<PageData> batch = readPages(pages, ns, version, from, n);
                    for (int i = 0; i < n; i++) {
                      byte[] data = batch.get(i).data();
                      if (data.length == 0) {
                        absent.incrementAndGet();
                        data = new byte[pageSize];
                      } else if (data.length != pageSize) {
                        throw new MvException(
                            ErrorCode.DATA_CORRUPT,
                            "page "
                                + (from + i + 1)
                                + " has "
                                + data.length
                                + " bytes, page 1 has "
                                + pageSize);
                      }
                      write(out, from + i, data);
                    }
                    bar.advance(n);
                    return null;
                  } finally {
                    slots.release();
                  }
                }));
      }
      for (Future<?> f : pending) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failure("export interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      MvException mv = Errors.mvCause(cause);
      throw CliException.failure(
          "export failed: " + (mv != null ? Errors.describe(mv) : String.valueOf(cause)), cause);
    }
  }

  private static List<PageData> readPages(
      PageStore pages, NamespaceRef ns, Version version, int first, int n) {
    List<PageRead> reads = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      reads.add(PageRead.at(first + i, version));
    }
    return pages.read(ns, reads);
  }

  private static void write(FileChannel out, int index, byte[] data) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(data);
    long position = (long) index * data.length;
    while (buffer.hasRemaining()) {
      out.write(buffer, position + buffer.position());
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // Best effort: the failure being reported matters more than a leftover temporary file.
    }
  }
}
