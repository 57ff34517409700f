package io.mvsqlite.client.txn;

import io.mvsqlite.protocol.PageHash;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * BLAKE3-256 of raw page bytes: a page's content address, as the server computes it. Stateless,
 * thread-safe.
 */
public final class PageHashes {

  private PageHashes() {}

  public static PageHash of(byte[] page) {
    Blake3Digest digest = new Blake3Digest(PageHash.LENGTH * 8);
    digest.update(page, 0, page.length);
    byte[] out = new byte[PageHash.LENGTH];
    digest.doFinal(out, 0);
    return new PageHash(out);
  }
}
