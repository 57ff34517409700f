package io.mvsqlite.store.lock;

import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.keys.KeyCodec;

/** The forks of a namespace, as lock rules need them. Stateless. */
final class OverlayChildren {

  private OverlayChildren() {}

  /**
   * The oldest snapshot any fork of {@code ns} was taken at, or {@code null} without forks. Reads
   * the overlay_ref range with a read conflict, so a fork created concurrently makes {@code tr}
   * conflict.
   */
  static Version minSnapshot(KvTransaction tr, KeyCodec keys, Version ns) {
    byte[][] range = keys.overlayRefRange(ns);
    Version min = null;
    for (KeyValue child : tr.getRange(range[0], range[1])) {
      Version v = KeyCodec.decodeOverlayRefSnapshot(child.value());
      min = min == null ? v : Version.min(min, v);
    }
    return min;
  }
}
