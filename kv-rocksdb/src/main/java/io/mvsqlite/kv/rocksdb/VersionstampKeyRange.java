package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.Versionstamp;
import io.mvsqlite.kv.VersionstampParams;
import java.util.Arrays;

/** The key range a versionstamped key can land in. Stateless and thread-safe. */
final class VersionstampKeyRange {

  private VersionstampKeyRange() {}

  /**
   * Every key a {@code SET_VERSIONSTAMPED_KEY} with this key parameter can produce at a commit
   * version above {@code minVersion}: FoundationDB's {@code getVersionstampKeyRange}.
   */
  static KeyRange possibleKeys(byte[] keyParam, long minVersion) {
    int at = VersionstampParams.offset(keyParam);
    byte[] begin = VersionstampParams.withoutOffset(keyParam);
    new Versionstamp(minVersion, 0).writeTo(begin, at);
    byte[] end = VersionstampParams.withoutOffset(keyParam);
    Arrays.fill(end, at, at + Versionstamp.LENGTH, (byte) 0xff);
    return new KeyRange(begin, Bytes.keyAfter(end));
  }
}
