package io.mvsqlite.store.content;

import io.mvsqlite.protocol.PageHash;

/**
 * The parsed form of a stored content value ({@link ContentCodec}): what it is, before any
 * decompression.
 *
 * <p>The byte arrays are owned by the instance; callers must not modify them.
 */
public sealed interface StoredContent {

  /** An empty value: the empty page. */
  record Empty() implements StoredContent {}

  /** {@code 0x00 || raw}: stored uncompressed (readable; never written by mvstore). */
  record Raw(byte[] page) implements StoredContent {}

  /** {@code 0x01 || zstd(raw)}: the normal encoding. */
  record Compressed(byte[] frame) implements StoredContent {}

  /**
   * {@code 0x02 || base || zstd(raw XOR base_raw)}: an XOR delta against another page of the same
   * namespace.
   */
  record Delta(PageHash base, byte[] xorFrame) implements StoredContent {}
}
