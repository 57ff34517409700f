package io.mvsqlite.server.http;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceRef;

/**
 * The data plane's namespace headers (reference §1.4): {@code x-namespace-key} names the namespace
 * and must be visible ASCII (as the reference's {@code HeaderValue::to_str}: printable characters,
 * space and tab); {@code x-namespace-hashproof} optionally proves knowledge of a protected key. The
 * proof itself is checked by the engine, which treats a failed proof exactly like an unknown
 * namespace.
 */
public final class NamespaceHeaders {

  public static final String KEY = "x-namespace-key";
  public static final String HASHPROOF = "x-namespace-hashproof";

  private NamespaceHeaders() {}

  /**
   * The namespace the request names.
   *
   * @throws MvException {@link ErrorCode#MISSING_NAMESPACE_KEY} without the header, {@link
   *     ErrorCode#INVALID_NAMESPACE_KEY} for one that is not visible ASCII or empty
   */
  public static NamespaceRef required(Exchange x) {
    NamespaceRef ref = optional(x);
    if (ref == null) {
      throw new MvException(
          ErrorCode.MISSING_NAMESPACE_KEY, "this operation requires x-namespace-key");
    }
    return ref;
  }

  /** The namespace the request names, or {@code null} without the header. */
  public static NamespaceRef optional(Exchange x) {
    String key = x.header(KEY);
    if (key == null) {
      return null;
    }
    if (!isVisibleAscii(key)) {
      throw new MvException(
          ErrorCode.INVALID_NAMESPACE_KEY, "invalid x-namespace-key: it must be visible ASCII");
    }
    String proof = x.header(HASHPROOF);
    if (proof != null && !isVisibleAscii(proof)) {
      throw new MvException(
          ErrorCode.INVALID_NAMESPACE_KEY,
          "invalid x-namespace-hashproof: it must be visible ASCII");
    }
    return new NamespaceRef(key, proof);
  }

  static boolean isVisibleAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 || c >= 0x7f) && c != '\t') {
        return false;
      }
    }
    return true;
  }
}
