package io.mvsqlite.store;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.keys.KeyCodec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Test helper: what a namespace looks like, for before/after comparisons. {@link #pages} reads
 * every page of a version through the data plane (what a user sees); {@link #keySpace} dumps every
 * key of the KV store (what is stored), for checks that something changed nothing at all.
 */
public final class Snapshots {

  private Snapshots() {}

  /**
   * Pages {@code 0..count-1} at {@code version}, as "absent" or the hex of their bytes and the
   * version found.
   */
  public static List<String> pages(PageStore store, NamespaceRef ns, Version version, int count) {
    List<String> out = new ArrayList<>(count);
    for (int from = 0; from < count; from += Limits.MAX_PAGES_PER_READ) {
      List<PageRead> reads = new ArrayList<>();
      for (int p = from; p < Math.min(count, from + Limits.MAX_PAGES_PER_READ); p++) {
        reads.add(PageRead.at(p, version));
      }
      for (PageData d : store.read(ns, reads)) {
        out.add(
            d.isAbsent() ? "absent" : d.version().hex() + ":" + HexFormat.of().formatHex(d.data()));
      }
    }
    return out;
  }

  /**
   * Every key and value of the store, user keys and the metadata version, read in short
   * transactions.
   */
  public static List<String> keySpace(KvStore kv) {
    List<String> out = new ArrayList<>();
    byte[] cursor = {0x00};
    byte[] end = {(byte) 0xff};
    while (true) {
      byte[] from = cursor;
      List<KeyValue> batch;
      try (KvTransaction tr = kv.createTransaction()) {
        batch = tr.snapshot().getRange(from, end, 1000, false);
      }
      batch.forEach(e -> out.add(e.toString()));
      if (batch.size() < 1000) {
        break;
      }
      cursor = Bytes.keyAfter(batch.getLast().key());
    }
    try (KvTransaction tr = kv.createTransaction()) {
      out.add("metadataVersion=" + Bytes.hex(tr.snapshot().get(KeyCodec.METADATA_VERSION_KEY)));
    }
    return out;
  }

  /** The keys in {@code range} of the store, as hex strings. */
  public static List<String> keys(KvStore kv, byte[][] range) {
    try (KvTransaction tr = kv.createTransaction()) {
      return tr.snapshot().getRange(range[0], range[1]).stream()
          .map(e -> Bytes.hex(e.key()))
          .toList();
    }
  }

  /** The value of {@code key}, or {@code null}. */
  public static byte[] get(KvStore kv, byte[] key) {
    try (KvTransaction tr = kv.createTransaction()) {
      return tr.snapshot().get(key);
    }
  }
}
