package io.mvsqlite.protocol;

/**
 * A namespace as the admin API lists it: its key, its id (the creating commit's versionstamp), its
 * metadata.
 */
public record NamespaceInfo(String key, Version id, NamespaceMetadata metadata) {}
