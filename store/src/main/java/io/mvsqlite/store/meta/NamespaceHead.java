package io.mvsqlite.store.meta;

import io.mvsqlite.kv.KvReader;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.keys.KeyCodec;

/**
 * A namespace's head: the version of its latest commit (its last-write version), or its id when
 * nothing was committed yet (the id is the versionstamp of the creating commit, so the namespace is
 * visible at it). Stateless.
 */
public final class NamespaceHead {

  private NamespaceHead() {}

  /**
   * The head of {@code ns} through {@code reader}: pass a snapshot reader to only look, the
   * transaction itself to conflict with every concurrent commit of the namespace.
   */
  public static Version read(KvReader reader, KeyCodec keys, Version ns) {
    byte[] lwv = reader.get(keys.lastWriteVersion(ns));
    if (lwv == null) {
      return ns;
    }
    Version v = KeyCodec.decodeLastWriteVersion(lwv).version();
    return v.isZero() ? ns : v;
  }
}
