package io.mvsqlite.protocol;

/**
 * One page entry of a commit: page {@code pageIndex} now holds the content with {@code hash}. With
 * {@code data} present it is a "fast write": the content travels inline with the commit instead of
 * a prior upload.
 */
public record PageCommit(int pageIndex, PageHash hash, byte[] data) {}
