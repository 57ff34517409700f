package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvLimits;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.kv.SystemKeys;
import io.mvsqlite.kv.TransactionOption;
import java.util.Arrays;
import java.util.Set;

/**
 * FoundationDB's argument checks, done before anything is recorded so that bad input changes nothing.
 *
 * <p>Legal range (always): ordinary transactions read keys {@code < 0xff} and range ends {@code <= 0xff}; with
 * {@code READ_SYSTEM_KEYS} or {@code ACCESS_SYSTEM_KEYS} the bound is {@code 0xff 0xff}; writes need {@code
 * ACCESS_SYSTEM_KEYS} for it. {@code \xff/metadataVersion} may always be read, and written only by a versionstamped
 * value with FoundationDB's fixed parameter. Sizes (strict mode only): keys up to {@value KvLimits#MAX_KEY_BYTES}
 * bytes, values and atomic parameters up to {@value KvLimits#MAX_VALUE_BYTES}; the 4-byte offset suffix of a
 * versionstamp parameter is not counted.
 *
 * <p>Stateless and thread-safe.
 */
final class KeyRules {

  private static final byte[] NORMAL_BOUND = SystemKeys.systemBegin();
  private static final byte[] SYSTEM_BOUND = SystemKeys.systemEnd();

  private KeyRules() {}

  static void checkReadKey(byte[] key, Set<TransactionOption> options) {
    if (Bytes.compare(key, readBound(options)) >= 0 && !SystemKeys.isMetadataVersionKey(key)) {
      throw outside(key);
    }
  }

  static void checkReadRange(byte[] begin, byte[] end, Set<TransactionOption> options) {
    checkRange(begin, end, readBound(options));
  }

  static void checkWriteRange(byte[] begin, byte[] end, Set<TransactionOption> options) {
    checkRange(begin, end, writeBound(options));
  }

  static void checkLimit(int limit) {
    if (limit < 0) {
      throw new KvException(KvError.INVALID_ARGUMENT, "negative range limit: " + limit);
    }
  }

  static void checkSet(byte[] key, byte[] value, Set<TransactionOption> options, boolean strict) {
    if (SystemKeys.isMetadataVersionKey(key)) {
      throw new KvException(KvError.INVALID_ARGUMENT, "the metadata version key can only be bumped");
    }
    checkWriteKey(key, options);
    if (strict) {
      checkKeySize(key, 0);
      checkValueSize(value, 0);
    }
  }

  static void checkClear(byte[] key, Set<TransactionOption> options) {
    checkWriteKey(key, options);
  }

  static void checkMutate(
      MutationType type, byte[] key, byte[] param, Set<TransactionOption> options, boolean strict) {
    boolean metadataVersion = SystemKeys.isMetadataVersionKey(key);
    if (metadataVersion
        && (type != MutationType.SET_VERSIONSTAMPED_VALUE || !SystemKeys.isMetadataVersionParam(param))) {
      throw new KvException(KvError.INVALID_ARGUMENT, "the metadata version key can only be bumped");
    }
    if (!metadataVersion) {
      checkWriteKey(key, options);
    }
    if (type == MutationType.SET_VERSIONSTAMPED_KEY) {
      VersionstampParams.validate(key);
    } else if (type == MutationType.SET_VERSIONSTAMPED_VALUE) {
      VersionstampParams.validate(param);
    }
    if (strict) {
      checkKeySize(key, type == MutationType.SET_VERSIONSTAMPED_KEY ? 4 : 0);
      checkValueSize(param, type == MutationType.SET_VERSIONSTAMPED_VALUE ? 4 : 0);
    }
  }

  private static void checkWriteKey(byte[] key, Set<TransactionOption> options) {
    if (Bytes.compare(key, writeBound(options)) >= 0) {
      throw outside(key);
    }
  }

  private static void checkRange(byte[] begin, byte[] end, byte[] bound) {
    if (Bytes.compare(begin, end) > 0) {
      throw new KvException(KvError.INVERTED_RANGE, "begin=" + Bytes.hex(begin) + " end=" + Bytes.hex(end));
    }
    if (Bytes.compare(begin, bound) > 0 || Bytes.compare(end, bound) > 0) {
      throw outside(Bytes.compare(end, bound) > 0 ? end : begin);
    }
  }

  private static void checkKeySize(byte[] key, int suffix) {
    if (key.length - suffix > KvLimits.MAX_KEY_BYTES) {
      throw new KvException(KvError.KEY_TOO_LARGE, "keyBytes=" + (key.length - suffix));
    }
  }

  private static void checkValueSize(byte[] value, int suffix) {
    if (value.length - suffix > KvLimits.MAX_VALUE_BYTES) {
      throw new KvException(KvError.VALUE_TOO_LARGE, "valueBytes=" + (value.length - suffix));
    }
  }

  private static byte[] readBound(Set<TransactionOption> options) {
    return options.contains(TransactionOption.READ_SYSTEM_KEYS)
            || options.contains(TransactionOption.ACCESS_SYSTEM_KEYS)
        ? SYSTEM_BOUND
        : NORMAL_BOUND;
  }

  private static byte[] writeBound(Set<TransactionOption> options) {
    return options.contains(TransactionOption.ACCESS_SYSTEM_KEYS) ? SYSTEM_BOUND : NORMAL_BOUND;
  }

  private static KvException outside(byte[] key) {
    String shown = key.length > 64 ? Bytes.hex(Arrays.copyOf(key, 64)) + "..." : Bytes.hex(key);
    return new KvException(KvError.KEY_OUTSIDE_LEGAL_RANGE, "key=" + shown);
  }
}
