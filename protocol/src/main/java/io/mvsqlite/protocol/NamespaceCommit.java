package io.mvsqlite.protocol;

import java.util.List;

/**
 * The part of a commit that concerns one namespace: the version the transaction read at, its read
 * set (page indices read; {@code null} asks for a namespace-level conflict check) and its page
 * entries.
 */
public record NamespaceCommit(
    NamespaceRef namespace, Version baseVersion, int[] readSet, List<PageCommit> pages) {}
