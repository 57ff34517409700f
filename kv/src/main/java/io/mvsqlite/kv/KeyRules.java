package io.mvsqlite.kv;

import java.util.Arrays;
import java.util.Set;

/**
 * FoundationDB's argument checks, shared by every backend and made before anything is recorded, so
 * that bad input fails at the call and changes nothing.
 *
 * <ul>
 *   <li>Legal range: ordinary transactions read keys {@code < 0xff} and range ends {@code <= 0xff};
 *       with {@code READ_SYSTEM_KEYS} or {@code ACCESS_SYSTEM_KEYS} the bound is {@code 0xff 0xff};
 *       writes need {@code ACCESS_SYSTEM_KEYS} for it. {@code \xff/metadataVersion} may always be
 *       read, and written only by a versionstamped value with FoundationDB's fixed parameter.
 *   <li>Sizes (always on FoundationDB, in strict mode on the embedded store): ordinary keys up to
 *       {@value KvLimits#MAX_KEY_BYTES} bytes, values and atomic parameters up to {@value
 *       KvLimits#MAX_VALUE_BYTES}; the 4-byte offset suffix of a versionstamp parameter is not
 *       counted.
 *   <li>Ranges: {@code begin > end} is {@link KvError#INVERTED_RANGE}; a negative limit is {@link
 *       KvError#INVALID_ARGUMENT}.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class KeyRules {

  private static final byte[] NORMAL_BOUND = SystemKeys.systemBegin();
  private static final byte[] SYSTEM_BOUND = SystemKeys.systemEnd();

  private KeyRules() {}

  /** True if the options allow reading system keys. */
  public static boolean systemRead(Set<TransactionOption> options) {
    return options.contains(TransactionOption.READ_SYSTEM_KEYS)
        || options.contains(TransactionOption.ACCESS_SYSTEM_KEYS);
  }

  /** True if the options allow writing system keys. */
  public static boolean systemWrite(Set<TransactionOption> options) {
    return options.contains(TransactionOption.ACCESS_SYSTEM_KEYS);
  }

  public static void checkReadKey(byte[] key, boolean systemRead) {
    if (Bytes.compare(key, bound(systemRead)) >= 0 && !SystemKeys.isMetadataVersionKey(key)) {
      throw outside(key);
    }
  }

  public static void checkReadRange(byte[] begin, byte[] end, boolean systemRead) {
    checkRange(begin, end, bound(systemRead));
  }

  public static void checkWriteRange(byte[] begin, byte[] end, boolean systemWrite) {
    checkRange(begin, end, bound(systemWrite));
  }

  /** Only the order: for conflict ranges and for backends that leave read bounds to the server. */
  public static void checkOrder(byte[] begin, byte[] end) {
    if (Bytes.compare(begin, end) > 0) {
      throw new KvException(KvError.INVERTED_RANGE, "begin=" + shown(begin) + " end=" + shown(end));
    }
  }

  public static void checkLimit(int limit) {
    if (limit < 0) {
      throw new KvException(KvError.INVALID_ARGUMENT, "negative range limit: " + limit);
    }
  }

  public static void checkSet(byte[] key, byte[] value, boolean systemWrite, boolean enforceSizes) {
    if (SystemKeys.isMetadataVersionKey(key)) {
      throw metadataVersionMisuse();
    }
    checkWriteKey(key, systemWrite);
    if (enforceSizes) {
      checkKeySize(key, 0);
      checkValueSize(value, 0);
    }
  }

  public static void checkClear(byte[] key, boolean systemWrite) {
    if (SystemKeys.isMetadataVersionKey(key)) {
      throw metadataVersionMisuse();
    }
    checkWriteKey(key, systemWrite);
  }

  public static void checkMutate(
      MutationType type, byte[] key, byte[] param, boolean systemWrite, boolean enforceSizes) {
    if (SystemKeys.isMetadataVersionKey(key)) {
      if (type != MutationType.SET_VERSIONSTAMPED_VALUE
          || !SystemKeys.isMetadataVersionParam(param)) {
        throw metadataVersionMisuse();
      }
      return;
    }
    int keySuffix = 0;
    int valueSuffix = 0;
    if (type == MutationType.SET_VERSIONSTAMPED_KEY) {
      VersionstampParams.offset(key);
      checkWriteKey(VersionstampParams.withoutOffset(key), systemWrite);
      keySuffix = VersionstampParams.OFFSET_BYTES;
    } else {
      checkWriteKey(key, systemWrite);
      if (type == MutationType.SET_VERSIONSTAMPED_VALUE) {
        VersionstampParams.offset(param);
        valueSuffix = VersionstampParams.OFFSET_BYTES;
      }
    }
    if (enforceSizes) {
      checkKeySize(key, keySuffix);
      checkValueSize(param, valueSuffix);
    }
  }

  private static void checkWriteKey(byte[] key, boolean systemWrite) {
    if (Bytes.compare(key, bound(systemWrite)) >= 0) {
      throw outside(key);
    }
  }

  private static void checkRange(byte[] begin, byte[] end, byte[] bound) {
    checkOrder(begin, end);
    if (Bytes.compare(begin, bound) > 0 || Bytes.compare(end, bound) > 0) {
      throw outside(Bytes.compare(end, bound) > 0 ? end : begin);
    }
  }

  /**
   * System keys may be longer on FoundationDB; only ordinary keys are held to the documented limit.
   */
  private static void checkKeySize(byte[] key, int suffix) {
    int size = key.length - suffix;
    if (size > KvLimits.MAX_KEY_BYTES && Bytes.compare(key, NORMAL_BOUND) < 0) {
      throw new KvException(KvError.KEY_TOO_LARGE, "keyBytes=" + size);
    }
  }

  private static void checkValueSize(byte[] value, int suffix) {
    int size = value.length - suffix;
    if (size > KvLimits.MAX_VALUE_BYTES) {
      throw new KvException(KvError.VALUE_TOO_LARGE, "valueBytes=" + size);
    }
  }

  private static byte[] bound(boolean system) {
    return system ? SYSTEM_BOUND : NORMAL_BOUND;
  }

  private static KvException metadataVersionMisuse() {
    return new KvException(KvError.INVALID_ARGUMENT, "the metadata version key can only be bumped");
  }

  private static KvException outside(byte[] key) {
    return new KvException(KvError.KEY_OUTSIDE_LEGAL_RANGE, "key=" + shown(key));
  }

  private static String shown(byte[] key) {
    return key.length > 64 ? Bytes.hex(Arrays.copyOf(key, 64)) + "..." : Bytes.hex(key);
  }
}
