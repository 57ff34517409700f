package io.mvsqlite.kv;

/**
 * Atomic mutations, with FoundationDB's definitions. Integer operands are little-endian, as on
 * FoundationDB.
 *
 * <ul>
 *   <li>{@link #ADD}: little-endian addition, the result truncated to the parameter's length; an
 *       absent value counts as zero.
 *   <li>{@link #MAX} / {@link #MIN}: little-endian unsigned comparison; an absent value is replaced
 *       by the parameter. The existing value is zero-extended or truncated to the parameter's
 *       length first.
 *   <li>{@link #BYTE_MAX} / {@link #BYTE_MIN}: lexicographic comparison; an absent value is
 *       replaced by the parameter.
 *   <li>{@link #BIT_AND} / {@link #BIT_OR} / {@link #BIT_XOR}: bitwise, on the parameter's length.
 *   <li>{@link #SET_VERSIONSTAMPED_KEY} / {@link #SET_VERSIONSTAMPED_VALUE}: the last 4 bytes of
 *       the key (resp. value) parameter are a little-endian offset; at commit the 10-byte
 *       versionstamp replaces the 10 bytes at that offset and the 4 offset bytes are dropped.
 * </ul>
 */
public enum MutationType {
  ADD,
  MAX,
  MIN,
  BYTE_MAX,
  BYTE_MIN,
  BIT_AND,
  BIT_OR,
  BIT_XOR,
  SET_VERSIONSTAMPED_KEY,
  SET_VERSIONSTAMPED_VALUE;

  /** True for the two versionstamp mutations. */
  public boolean isVersionstamp() {
    return this == SET_VERSIONSTAMPED_KEY || this == SET_VERSIONSTAMPED_VALUE;
  }
}
