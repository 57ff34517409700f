package io.mvsqlite.protocol;

/**
 * How a namespace lock is released: keep the owner's writes, or roll the namespace back to the
 * lock's snapshot.
 */
public enum LockReleaseMode {
  COMMIT,
  ROLLBACK;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static LockReleaseMode parse(String s) {
    if ("commit".equals(s)) {
      return COMMIT;
    }
    if ("rollback".equals(s)) {
      return ROLLBACK;
    }
    throw new MvException(ErrorCode.MALFORMED_REQUEST, "mode must be \"commit\" or \"rollback\"");
  }
}
