package io.mvsqlite.store.write;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KvFutures;
import io.mvsqlite.kv.KvReader;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.content.ContentCodec;
import io.mvsqlite.store.content.ContentStore;
import io.mvsqlite.store.content.StoredContent;
import io.mvsqlite.store.content.XorDelta;
import io.mvsqlite.store.keys.KeyCodec;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a page is stored as an XOR delta (reference §5.2, step 5): against the current
 * content of the delta-base page at the transaction's read version (read with a read conflict, as
 * the reference does), flattening a base that is itself a delta so chains never exceed depth one;
 * {@link XorDelta} has the size criteria.
 *
 * <p>A base that cannot be decoded is skipped with a warning rather than failing the write:
 * otherwise one corrupt page could never be overwritten (clients always offer the page's own index
 * as the base). Thread-safe.
 */
public final class DeltaPlanner {

  /** A chosen delta: the stored value and the (never itself delta) base it refers to. */
  public record Delta(PageHash base, byte[] encoded) {}

  private static final Logger log = LoggerFactory.getLogger(DeltaPlanner.class);

  private final KeyCodec keys;
  private final ContentStore contents;
  private final Executor executor;

  public DeltaPlanner(KeyCodec keys, ContentStore contents, Executor executor) {
    this.keys = keys;
    this.contents = contents;
    this.executor = executor;
  }

  /**
   * The delta encoding of {@code page} against page {@code basePage}'s current content, or {@code
   * null}.
   */
  public CompletableFuture<Delta> planAsync(
      KvTransaction tr, Version ns, int basePage, byte[] page) {
    Version current = Version.atReadVersion(tr.getReadVersion());
    byte[] begin = keys.page(ns, basePage, Version.ZERO);
    byte[] end = Bytes.keyAfter(keys.page(ns, basePage, current));
    KvReader snap = tr.snapshot();
    return tr.getRangeAsync(begin, end, 1, true)
        .thenCompose(
            kvs -> {
              if (kvs.isEmpty() || kvs.getFirst().value().length != PageHash.LENGTH) {
                return CompletableFuture.completedFuture(null);
              }
              PageHash baseHash =
                  new PageHash(Arrays.copyOf(kvs.getFirst().value(), PageHash.LENGTH));
              return contents
                  .fetchAsync(snap, ns, baseHash)
                  .thenCompose(stored -> plan(snap, ns, baseHash, stored, page));
            })
        .exceptionally(
            t -> {
              RuntimeException e = KvFutures.unwrap(t);
              if (e instanceof MvException mv && mv.code() == ErrorCode.DATA_CORRUPT) {
                log.warn(
                    "not delta-encoding against unreadable base page {}: {}",
                    basePage,
                    mv.getMessage());
                return null;
              }
              throw e;
            });
  }

  private CompletableFuture<Delta> plan(
      KvReader snap, Version ns, PageHash baseHash, StoredContent stored, byte[] page) {
    if (stored == null || stored instanceof StoredContent.Empty) {
      return CompletableFuture.completedFuture(null);
    }
    if (stored instanceof StoredContent.Delta d) {
      return contents
          .loadBaseAsync(snap, ns, d.base())
          .thenApplyAsync(baseRaw -> encode(d.base(), baseRaw, page), executor);
    }
    return CompletableFuture.supplyAsync(
        () -> encode(baseHash, ContentCodec.decodeStandalone(stored), page), executor);
  }

  private static Delta encode(PageHash base, byte[] baseRaw, byte[] page) {
    byte[] encoded = XorDelta.tryEncode(base, baseRaw, page);
    return encoded == null ? null : new Delta(base, encoded);
  }
}
