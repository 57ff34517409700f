package io.mvsqlite.store.meta;

import io.mvsqlite.store.content.PageHasher;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The namespace hashproof rule (reference §1.4), the data plane's only access control. A key {@code
 * name:H:...} (two or more {@code :}-separated segments) is protected by {@code H}, which must be
 * 64 hex digits (a BLAKE3-256 hash); a client proves knowledge of the preimage {@code P} by sending
 * it hex-encoded, and {@code blake3(P) == H} is compared in constant time. A key without {@code :}
 * needs no proof.
 *
 * <p>Every failure (malformed {@code H}, malformed proof, mismatch) is the same "no", which callers
 * must report exactly like "namespace not found". Stateless and thread-safe.
 */
public final class Hashproof {

  private static final HexFormat HEX = HexFormat.of();
  private static final int HASH_HEX_DIGITS = 64;

  private Hashproof() {}

  /** True if {@code key} needs no proof, or {@code proofHex} (null = none) proves it. */
  public static boolean accepts(String key, String proofHex) {
    // -1 keeps trailing empty segments: "name:" has two segments, as in the reference (Rust's
    // split).
    String[] segments = key.split(":", -1);
    if (segments.length < 2) {
      return true;
    }
    byte[] expected = parseHex(segments[1]);
    if (expected == null || segments[1].length() != HASH_HEX_DIGITS) {
      return false;
    }
    byte[] proof = proofHex == null ? new byte[0] : parseHex(proofHex);
    if (proof == null) {
      return false;
    }
    return MessageDigest.isEqual(PageHasher.digest(proof), expected);
  }

  private static byte[] parseHex(String s) {
    try {
      return HEX.parseHex(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
