package io.mvsqlite.store.content;

import io.mvsqlite.protocol.PageHash;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * BLAKE3-256 of raw page bytes: a page's content address (reference §5.1). Stateless and
 * thread-safe (each call uses its own digest).
 */
public final class PageHasher {

  private static final int DIGEST_BITS = 256;

  private PageHasher() {}

  public static PageHash hash(byte[] data) {
    return new PageHash(digest(data));
  }

  /** The 32-byte BLAKE3-256 digest of {@code data}. */
  public static byte[] digest(byte[] data) {
    Blake3Digest d = new Blake3Digest(DIGEST_BITS);
    d.update(data, 0, data.length);
    byte[] out = new byte[PageHash.LENGTH];
    d.doFinal(out, 0);
    return out;
  }
}
