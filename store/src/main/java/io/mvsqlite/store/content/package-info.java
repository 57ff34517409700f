/**
 * Page contents: BLAKE3 addresses ({@link io.mvsqlite.store.content.PageHasher}), the stored
 * encoding with zstd and XOR deltas ({@link io.mvsqlite.store.content.ContentCodec}, {@link
 * io.mvsqlite.store.content.XorDelta}), loading and decoding through a KV reader ({@link
 * io.mvsqlite.store.content.ContentStore}) and the optional cache by hash.
 */
package io.mvsqlite.store.content;
