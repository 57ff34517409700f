package io.mvsqlite.store.write;

import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.TransactionOption;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.meta.NamespaceDirectory;
import java.util.List;
import java.util.function.BiFunction;

/**
 * {@code /batch/write} (reference §3.3) and lease renewal: uploads of page contents, invisible
 * until a commit references them. One KV transaction per call, a single attempt.
 *
 * <p>At most {@value Limits#MAX_PAGES_PER_WRITE} pages (the reference accepts 101, §16.5);
 * read-only stores refuse with {@link ErrorCode#READ_ONLY}. Validation happens before any KV work,
 * so a rejected batch changes nothing. Thread-safe.
 */
public final class BatchWriter {

  private final KvStore kv;
  private final NamespaceDirectory directory;
  private final LeaseManager leases;
  private final BiFunction<KvTransaction, Version, WriteApplier> appliers;
  private final boolean readOnly;

  /**
   * @param appliers creates the write applier of a transaction and namespace
   */
  public BatchWriter(
      KvStore kv,
      NamespaceDirectory directory,
      LeaseManager leases,
      BiFunction<KvTransaction, Version, WriteApplier> appliers,
      boolean readOnly) {
    this.kv = kv;
    this.directory = directory;
    this.leases = leases;
    this.appliers = appliers;
    this.readOnly = readOnly;
  }

  /** Uploads {@code writes}; with a lease, creates or renews it in the same KV commit. */
  public List<PageHash> write(NamespaceRef ref, List<PageWrite> writes, LeaseId lease) {
    checkWritable();
    if (writes.size() > Limits.MAX_PAGES_PER_WRITE) {
      throw new MvException(
          ErrorCode.TOO_MANY_WRITES, "at most 100 pages per write batch, got " + writes.size());
    }
    for (PageWrite w : writes) {
      if (w.data() == null) {
        throw new MvException(ErrorCode.MALFORMED_REQUEST, "a page write needs data");
      }
      if (w.data().length > Limits.MAX_PAGE_BYTES) {
        throw new MvException(
            ErrorCode.PAGE_TOO_LARGE, "a page is at most 32768 bytes, got " + w.data().length);
      }
    }
    try (KvTransaction tr = kv.createTransaction()) {
      tr.setOption(TransactionOption.CAUSAL_READ_RISKY);
      Version ns = directory.resolve(tr, ref);
      List<PageHash> hashes = appliers.apply(tr, ns).apply(writes);
      if (lease != null) {
        leases.touch(tr, ns, lease);
      }
      tr.commit();
      return hashes;
    }
  }

  /** Extends {@code lease} (creating it if unknown, see {@link LeaseManager}). */
  public void renewLease(NamespaceRef ref, LeaseId lease) {
    checkWritable();
    try (KvTransaction tr = kv.createTransaction()) {
      tr.setOption(TransactionOption.CAUSAL_READ_RISKY);
      Version ns = directory.resolve(tr, ref);
      leases.touch(tr, ns, lease);
      tr.commit();
    }
  }

  private void checkWritable() {
    if (readOnly) {
      throw new MvException(ErrorCode.READ_ONLY, "this mvstore is a read-only replica");
    }
  }
}
