package io.mvsqlite.kv.fdb;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvLimits;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.kv.SystemKeys;
import io.mvsqlite.kv.Versionstamp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Argument checks that FoundationDB itself makes, made again before calling it, for two reasons: the C client
 * reports errors of {@code set}, {@code clear}, {@code mutate} and conflict ranges only later (as a deferred error at
 * the next read or at commit), where the SPI wants them at the call; and it answers an inverted range read with an
 * empty result, where the SPI wants {@link KvError#INVERTED_RANGE}.
 *
 * <p>The rules are FoundationDB's: writes go below {@code 0xff} (below {@code 0xff 0xff} with {@code
 * ACCESS_SYSTEM_KEYS}); {@code \xff/metadataVersion} may only be bumped by a versionstamped value with the fixed
 * parameter; ordinary keys are at most {@value KvLimits#MAX_KEY_BYTES} bytes, values and atomic parameters at most
 * {@value KvLimits#MAX_VALUE_BYTES}, not counting the 4-byte offset of a versionstamp parameter. Read bounds are left
 * to FoundationDB, which reports them in the read's future.
 *
 * <p>Stateless and thread-safe.
 */
final class FdbArgumentChecks {

  private static final byte[] NORMAL_BOUND = SystemKeys.systemBegin();
  private static final byte[] SYSTEM_BOUND = SystemKeys.systemEnd();
  private static final int OFFSET_BYTES = 4;

  private FdbArgumentChecks() {}

  static void checkRangeRead(byte[] begin, byte[] end, int limit) {
    checkOrder(begin, end);
    if (limit < 0) {
      throw new KvException(KvError.INVALID_ARGUMENT, "negative range limit: " + limit);
    }
  }

  static void checkSet(byte[] key, byte[] value, boolean systemAccess) {
    if (SystemKeys.isMetadataVersionKey(key)) {
      throw metadataVersionMisuse();
    }
    checkWriteKey(key, systemAccess);
    checkKeySize(key, 0);
    checkValueSize(value, 0);
  }

  static void checkClear(byte[] key, boolean systemAccess) {
    if (SystemKeys.isMetadataVersionKey(key)) {
      throw metadataVersionMisuse();
    }
    checkWriteKey(key, systemAccess);
  }

  static void checkWriteRange(byte[] begin, byte[] end, boolean systemAccess) {
    checkOrder(begin, end);
    byte[] bound = systemAccess ? SYSTEM_BOUND : NORMAL_BOUND;
    if (Bytes.compare(begin, bound) > 0 || Bytes.compare(end, bound) > 0) {
      throw outside(Bytes.compare(end, bound) > 0 ? end : begin);
    }
  }

  static void checkReadConflictRange(byte[] begin, byte[] end) {
    checkOrder(begin, end);
  }

  static void checkMutate(MutationType type, byte[] key, byte[] param, boolean systemAccess) {
    boolean metadataVersion = SystemKeys.isMetadataVersionKey(key);
    if (metadataVersion) {
      if (type != MutationType.SET_VERSIONSTAMPED_VALUE || !SystemKeys.isMetadataVersionParam(param)) {
        throw metadataVersionMisuse();
      }
      return;
    }
    if (type == MutationType.SET_VERSIONSTAMPED_KEY) {
      checkVersionstampOffset(key);
      checkWriteKey(Arrays.copyOf(key, key.length - OFFSET_BYTES), systemAccess);
      checkKeySize(key, OFFSET_BYTES);
      checkValueSize(param, 0);
    } else {
      checkWriteKey(key, systemAccess);
      checkKeySize(key, 0);
      if (type == MutationType.SET_VERSIONSTAMPED_VALUE) {
        checkVersionstampOffset(param);
        checkValueSize(param, OFFSET_BYTES);
      } else {
        checkValueSize(param, 0);
      }
    }
  }

  private static void checkOrder(byte[] begin, byte[] end) {
    if (Bytes.compare(begin, end) > 0) {
      throw new KvException(KvError.INVERTED_RANGE, "begin=" + shown(begin) + " end=" + shown(end));
    }
  }

  private static void checkWriteKey(byte[] key, boolean systemAccess) {
    if (Bytes.compare(key, systemAccess ? SYSTEM_BOUND : NORMAL_BOUND) >= 0) {
      throw outside(key);
    }
  }

  private static void checkVersionstampOffset(byte[] param) {
    if (param.length < OFFSET_BYTES) {
      throw new KvException(KvError.INVALID_ARGUMENT, "versionstamp parameter shorter than its 4-byte offset");
    }
    int at = ByteBuffer.wrap(param, param.length - OFFSET_BYTES, OFFSET_BYTES).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (at < 0 || (long) at + Versionstamp.LENGTH > param.length - OFFSET_BYTES) {
      throw new KvException(KvError.INVALID_ARGUMENT,
          "versionstamp offset out of range: offset=" + at + " length=" + (param.length - OFFSET_BYTES));
    }
  }

  /** System keys may be longer on FoundationDB; only ordinary keys are held to the documented limit. */
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
