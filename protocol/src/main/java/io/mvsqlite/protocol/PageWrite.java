package io.mvsqlite.protocol;

/**
 * One page to upload before a commit. {@code deltaBase} names a page index whose current content
 * the server may delta-encode against (the client sends the page's own index), or {@code null}.
 */
public record PageWrite(byte[] data, Integer deltaBase) {}
