package io.mvsqlite.store.content;

import io.mvsqlite.kv.KvReader;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.keys.KeyCodec;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Loads page contents of a namespace through a caller's KV reader and decodes them (reference
 * §5.4), with the optional {@link ContentCache} in front.
 *
 * <p>Decoding (decompression, delta application and, when asked for, a BLAKE3 check that the bytes
 * match their address) never runs on a thread that completes a KV read asynchronously
 * (FoundationDB's network thread): it then goes to the given executor. A read that completed in the
 * call (the embedded store answers on the caller's thread) is decoded right there: handing an 8 KiB
 * page to another thread cost more than decoding it (a cold scan read pages at 45-56 us each with
 * the hand-off, 27-36 us without). A delta's base is read from the same namespace and must not
 * itself be a delta. Thread-safe.
 */
public final class ContentStore {

  private final KeyCodec keys;
  private final ContentCache cache;
  private final Executor executor;
  private final boolean verifyHashes;

  /**
   * @param verifyHashes check every decoded page against its hash ({@code
   *     StoreConfig.verifyPageHashes})
   */
  public ContentStore(KeyCodec keys, ContentCache cache, Executor executor, boolean verifyHashes) {
    this.keys = keys;
    this.cache = cache;
    this.executor = executor;
    this.verifyHashes = verifyHashes;
  }

  /**
   * The raw page stored under {@code hash} in namespace {@code ns}, or {@code null} when no such
   * content is stored. Fails with {@link ErrorCode#DATA_CORRUPT} when it is stored but cannot be
   * decoded (including a missing delta base, and, when verifying, bytes that do not hash to {@code
   * hash}).
   */
  public CompletableFuture<byte[]> loadAsync(KvReader reader, Version ns, PageHash hash) {
    byte[] cached = cache.get(hash);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    CompletableFuture<StoredContent> read = fetchAsync(reader, ns, hash);
    Executor decoder = decoderFor(read);
    return read.thenCompose(
        stored -> {
          if (stored == null) {
            return CompletableFuture.completedFuture(null);
          }
          if (stored instanceof StoredContent.Delta delta) {
            CompletableFuture<byte[]> base = loadBaseAsync(reader, ns, delta.base());
            return base.thenApplyAsync(
                b -> verified(hash, ContentCodec.applyDelta(delta, b)), decoderFor(base));
          }
          return CompletableFuture.supplyAsync(
              () -> verified(hash, ContentCodec.decodeStandalone(stored)), decoder);
        });
  }

  /** Where to decode what {@code read} brings: here if it is already complete, else elsewhere. */
  private Executor decoderFor(CompletableFuture<?> read) {
    return read.isDone() ? Runnable::run : executor;
  }

  /**
   * The parsed stored form of {@code hash} in {@code ns}, or {@code null} when absent, read through
   * {@code reader}.
   */
  public CompletableFuture<StoredContent> fetchAsync(KvReader reader, Version ns, PageHash hash) {
    return reader
        .getAsync(keys.content(ns, hash))
        .thenApply(v -> v == null ? null : ContentCodec.parse(v));
  }

  /** The raw bytes of a delta base, which must exist and must not be a delta. */
  public CompletableFuture<byte[]> loadBaseAsync(KvReader reader, Version ns, PageHash base) {
    byte[] cached = cache.get(base);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    CompletableFuture<StoredContent> read = fetchAsync(reader, ns, base);
    return read.thenApplyAsync(
        stored -> {
          if (stored == null) {
            throw new MvException(
                ErrorCode.DATA_CORRUPT, "the base of a delta page is missing: " + base.hex());
          }
          return verified(base, ContentCodec.decodeStandalone(stored));
        },
        decoderFor(read));
  }

  private byte[] verified(PageHash expected, byte[] page) {
    if (verifyHashes && !MessageDigest.isEqual(PageHasher.digest(page), expected.bytes())) {
      throw new MvException(
          ErrorCode.DATA_CORRUPT, "stored page content does not match its hash " + expected.hex());
    }
    cache.put(expected, page);
    return page;
  }
}
