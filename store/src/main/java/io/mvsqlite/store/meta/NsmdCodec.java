package io.mvsqlite.store.meta;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.wire.Json;

/**
 * The nsmd value: {@link NamespaceMetadata} as the reference's JSON (§2.4). Unlike the reference
 * (§16.7), a value that does not parse is {@link ErrorCode#DATA_CORRUPT}: silently defaulting would
 * drop a lock, a truncation watermark or a fork's base. Stateless and thread-safe.
 */
public final class NsmdCodec {

  private NsmdCodec() {}

  public static byte[] encode(NamespaceMetadata md) {
    return Json.write(md);
  }

  public static NamespaceMetadata decode(byte[] value) {
    try {
      return Json.read(value, NamespaceMetadata.class);
    } catch (MvException e) {
      throw new MvException(
          ErrorCode.DATA_CORRUPT, "namespace metadata (nsmd) is not valid JSON metadata", e);
    }
  }
}
