package io.mvsqlite.protocol;

/**
 * How a client names a namespace on the data plane: its key, plus the hex-encoded hashproof when
 * the key is protected ({@code name:<blake3 hash>}, reference §1.4), else {@code null}.
 */
public record NamespaceRef(String key, String hashproof) {

  /** Longest namespace key accepted, in bytes of UTF-8 (well inside FoundationDB's key limit). */
  public static final int MAX_KEY_BYTES = 4096;

  public NamespaceRef {
    if (key == null || key.isEmpty()) {
      throw new MvException(ErrorCode.INVALID_NAMESPACE_KEY, "a namespace key must not be empty");
    }
    if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new MvException(
          ErrorCode.INVALID_NAMESPACE_KEY, "a namespace key is at most 4096 bytes");
    }
  }

  public static NamespaceRef of(String key) {
    return new NamespaceRef(key, null);
  }

  @Override
  public String toString() {
    return key;
  }
}
