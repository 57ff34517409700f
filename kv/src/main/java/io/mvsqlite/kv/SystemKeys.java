package io.mvsqlite.kv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * FoundationDB's system key space ({@code 0xff...}) as far as the SPI exposes it.
 *
 * <p>Ordinary transactions may not touch keys starting with {@code 0xff}; the exception is the
 * metadata version key, which every transaction may read and bump with a versionstamped value
 * (FoundationDB's {@code \xff/metadataVersion}, used to invalidate metadata caches cheaply).
 */
public final class SystemKeys {

  private static final byte[] METADATA_VERSION_KEY =
      "\u00ff/metadataVersion".getBytes(StandardCharsets.ISO_8859_1);

  /**
   * The only parameter FoundationDB accepts for bumping the metadata version: 10 placeholder bytes,
   * offset 0.
   */
  private static final byte[] METADATA_VERSION_PARAM = new byte[Versionstamp.LENGTH + 4];

  /** The first key of the system key space; keys {@code >= 0xff} are system keys. */
  private static final byte[] SYSTEM_BEGIN = {(byte) 0xff};

  /** The end of the system key space: keys must be {@code < 0xff 0xff} even with system access. */
  private static final byte[] SYSTEM_END = {(byte) 0xff, (byte) 0xff};

  private SystemKeys() {}

  /** {@code \xff/metadataVersion}. A fresh copy on each call. */
  public static byte[] metadataVersionKey() {
    return METADATA_VERSION_KEY.clone();
  }

  /**
   * The {@link MutationType#SET_VERSIONSTAMPED_VALUE} parameter that bumps the metadata version. A
   * fresh copy.
   */
  public static byte[] metadataVersionParam() {
    return METADATA_VERSION_PARAM.clone();
  }

  public static boolean isMetadataVersionKey(byte[] key) {
    return Arrays.equals(key, METADATA_VERSION_KEY);
  }

  public static boolean isMetadataVersionParam(byte[] param) {
    return Arrays.equals(param, METADATA_VERSION_PARAM);
  }

  /** {@code 0xff}: the smallest system key, and the exclusive upper bound of ordinary keys. */
  public static byte[] systemBegin() {
    return SYSTEM_BEGIN.clone();
  }

  /** {@code 0xff 0xff}: the exclusive upper bound of every key, system keys included. */
  public static byte[] systemEnd() {
    return SYSTEM_END.clone();
  }
}
