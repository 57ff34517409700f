package io.mvsqlite.cli.transfer;

import io.mvsqlite.cli.CliContext;
import io.mvsqlite.cli.CliException;
import io.mvsqlite.cli.Errors;
import io.mvsqlite.cli.NamespaceName;
import io.mvsqlite.cli.Progress;
import io.mvsqlite.cli.StoreAccess;
import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.Version;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports a SQLite database file into a namespace, page by page, as ONE commit: the file's pages
 * are uploaded in batches ({@link PageUploader}, under a transaction lease), then a single commit
 * publishes every page (the engine stages large commits over many short transactions, so there is
 * no size limit short of {@link Limits#MAX_PAGES_PER_COMMIT} pages). Readers see the old contents
 * or the whole new database, never a mix.
 *
 * <p>Refused, changing nothing: files that are not SQLite databases, page sizes mvSQLite does not
 * serve (below 4096 or above 32768), WAL-mode files or files with a {@code -wal} or hot {@code
 * -journal} beside them (their pages may be incomplete), files shorter than their header says, and
 * namespaces that are not empty unless {@code replace} is set. The commit checks the whole
 * namespace for conflicts: if anyone committed to it meanwhile, nothing is imported.
 *
 * <p>The commit is verified by {@code PRAGMA integrity_check} through mvSQLite at the committed
 * version.
 */
final class Importer {

  /** What an import did. */
  record Result(
      int pages,
      int pageSizeBytes,
      Version version,
      double uploadSeconds,
      double commitSeconds,
      double verifySeconds,
      boolean replaced) {

    long bytes() {
      return (long) pages * pageSizeBytes;
    }
  }

  private final CliContext ctx;
  private final StoreAccess store;
  private final Progress.Style progress;

  Importer(CliContext ctx, StoreAccess store, Progress.Style progress) {
    this.ctx = ctx;
    this.store = store;
    this.progress = progress;
  }

  Result run(Path file, NamespaceName target, boolean replace, boolean verify) {
    NamespaceRef ns = target.ref();
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      SqliteHeader header = readHeader(file, in);
      checkNoSidecars(file);
      int pageSize = header.pageSizeBytes();
      int pages = pageCount(file, in.size(), header);

      if (store.ensureNamespace(ns, true)) {
        ctx.err().println("mvsqlite: created namespace '" + ns.key() + "' in " + store.describe());
      }
      Version base = store.stat(ns).version();
      boolean replaced = checkEmpty(ns, base, replace);

      long start = System.nanoTime();
      List<PageCommit> entries = new ArrayList<>(pages);
      PageUploader uploader;
      try (Progress bar =
          Progress.start(
              ctx, progress, "importing " + file.getFileName(), pages, "pages", pageSize)) {
        uploader = new PageUploader(store.pageStore(), ns, bar::advance);
        try (uploader) {
          upload(in, pages, pageSize, uploader, entries);
          uploader.await();
        }
      } catch (MvException e) {
        throw CliException.failure(
            "import failed, nothing was committed: " + Errors.describe(e), e);
      }
      double uploadSeconds = seconds(start);

      long commitStart = System.nanoTime();
      Version version = commit(ns, base, entries, uploader);
      double commitSeconds = seconds(commitStart);

      long verifyStart = System.nanoTime();
      if (verify) {
        String pinned = target.unpinned() + "@" + version.hex();
        IntegrityCheck.throwUnlessOk(
            IntegrityCheck.throughMvSqlite(NamespaceName.parse(pinned), store.backend().backend()),
            "the imported namespace '"
                + ns.key()
                + "' at version "
                + version.hex()
                + " (the file itself may be damaged: check it with sqlite3 "
                + file
                + " 'PRAGMA integrity_check')");
      }
      return new Result(
          pages, pageSize, version, uploadSeconds, commitSeconds, seconds(verifyStart), replaced);
    } catch (IOException e) {
      throw CliException.failure("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static SqliteHeader readHeader(Path file, FileChannel in) throws IOException {
    ByteBuffer first = ByteBuffer.allocate(SqliteHeader.SIZE);
    while (first.hasRemaining() && in.read(first, first.position()) > 0) {
      // Positional reads until the header is complete or the file ends.
    }
    SqliteHeader header;
    try {
      header = SqliteHeader.parse(java.util.Arrays.copyOf(first.array(), first.position()));
    } catch (IllegalArgumentException e) {
      throw CliException.failure("cannot import " + file + ": " + e.getMessage());
    }
    if (header.isWal()) {
      throw CliException.failure(
          "cannot import "
              + file
              + ": it is in WAL mode. Convert it to a rollback journal"
              + " first (this also checkpoints the WAL): sqlite3 "
              + file
              + " 'PRAGMA journal_mode=DELETE'");
    }
    if (!ClientConfig.PAGE_SIZES.contains(header.pageSizeBytes())) {
      throw CliException.failure(
          "cannot import "
              + file
              + ": its page size is "
              + header.pageSizeBytes()
              + " bytes; mvSQLite serves 4096, 8192, 16384 and 32768. Convert it first: sqlite3 "
              + file
              + " 'PRAGMA page_size=4096; VACUUM'");
    }
    return header;
  }

  private static void checkNoSidecars(Path file) throws IOException {
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    if (Files.exists(wal) && Files.size(wal) > 0) {
      throw CliException.failure(
          "cannot import "
              + file
              + ": "
              + wal.getFileName()
              + " is beside it, so the"
              + " file alone may miss committed pages. Checkpoint and convert it first: sqlite3 "
              + file
              + " 'PRAGMA journal_mode=DELETE'");
    }
    Path journal = file.resolveSibling(file.getFileName() + "-journal");
    if (Files.exists(journal) && Files.size(journal) > 0) {
      throw CliException.failure(
          "cannot import "
              + file
              + ": a hot journal ("
              + journal.getFileName()
              + ") is"
              + " beside it: a transaction was interrupted. Open it once with sqlite3 to roll it back: sqlite3 "
              + file
              + " 'PRAGMA integrity_check'");
    }
  }

  private static int pageCount(Path file, long size, SqliteHeader header) {
    long pageSize = header.pageSizeBytes();
    long pages =
        header.pageCountValid() ? Integer.toUnsignedLong(header.pageCountField()) : size / pageSize;
    if (pages * pageSize > size) {
      throw CliException.failure(
          "cannot import "
              + file
              + ": its header says "
              + pages
              + " pages of "
              + pageSize
              + " bytes, but the file has only "
              + size
              + " bytes (damaged, or still being written)");
    }
    if (pages == 0) {
      throw CliException.failure("cannot import " + file + ": it has no pages");
    }
    if (pages > Limits.MAX_PAGES_PER_COMMIT) {
      throw CliException.failure(
          "cannot import "
              + file
              + ": "
              + pages
              + " pages are more than one commit takes ("
              + Limits.MAX_PAGES_PER_COMMIT
              + "); convert it to larger pages first: sqlite3 "
              + file
              + " 'PRAGMA page_size=32768; VACUUM'");
    }
    return (int) pages;
  }

  /** True if the namespace held a database (allowed with {@code replace}); refuses otherwise. */
  private boolean checkEmpty(NamespaceRef ns, Version base, boolean replace) {
    PageData page0;
    try {
      page0 = store.pageStore().read(ns, List.of(PageRead.at(0, base))).getFirst();
    } catch (MvException e) {
      throw store.unreachable(e);
    }
    if (page0.isAbsent()) {
      return false;
    }
    if (!replace) {
      throw CliException.failure(
          "namespace '"
              + ns.key()
              + "' is not empty (it holds a database at version "
              + base.hex()
              + "). Import into a new namespace, or give --replace to replace its contents (the old"
              + " versions stay readable by time travel until truncated)");
    }
    return true;
  }

  private static void upload(
      FileChannel in, int pages, int pageSize, PageUploader uploader, List<PageCommit> entries)
      throws IOException {
    List<byte[]> batch = new ArrayList<>(PageUploader.BATCH_PAGES);
    List<PageHash> hashes = new ArrayList<>(PageUploader.BATCH_PAGES);
    for (int i = 0; i < pages; i++) {
      byte[] page = new byte[pageSize];
      ByteBuffer buffer = ByteBuffer.wrap(page);
      long position = (long) i * pageSize;
      while (buffer.hasRemaining()) {
        int n = in.read(buffer, position + buffer.position());
        if (n < 0) {
          throw new IOException(
              "the file ended inside page " + (i + 1) + " (it changed while being read?)");
        }
      }
      if (i == 0) {
        SqliteHeader.prepareForStore(page, pages);
      }
      PageHash hash = PageUploader.hash(page);
      entries.add(new PageCommit(i, hash, null));
      batch.add(page);
      hashes.add(hash);
      if (batch.size() == PageUploader.BATCH_PAGES || i == pages - 1) {
        uploader.submit(List.copyOf(batch), List.copyOf(hashes));
        batch.clear();
        hashes.clear();
      }
    }
  }

  /** Publishes every page in one commit, checked against the whole namespace. */
  private Version commit(
      NamespaceRef ns, Version base, List<PageCommit> entries, PageUploader uploader) {
    CommitRequest request =
        new CommitRequest(
            IdempotencyKey.random(),
            true,
            null,
            uploader.lease(),
            false,
            List.of(new NamespaceCommit(ns, base, null, entries)));
    CommitOutcome outcome;
    try {
      outcome = store.pageStore().commit(request);
    } catch (MvException e) {
      throw CliException.failure(
          "the import's commit failed, nothing was imported: " + Errors.describe(e), e);
    }
    return switch (outcome) {
      case CommitOutcome.Committed c -> c.version();
      case CommitOutcome.Conflict c ->
          throw CliException.failure(
              "namespace '"
                  + ns.key()
                  + "' changed while the"
                  + " file was uploaded (another writer committed); nothing was imported. Run the import again.");
      case CommitOutcome.BadPageReference b ->
          throw CliException.failure(
              "the store no longer has pages this import"
                  + " uploaded ("
                  + b.detail()
                  + (uploader.renewalFailure() == null
                      ? ""
                      : "; renewing the upload lease failed: "
                          + uploader.renewalFailure().getMessage())
                  + "); nothing was imported. Run the import again.");
    };
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
