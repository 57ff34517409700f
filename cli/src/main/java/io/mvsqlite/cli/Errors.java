package io.mvsqlite.cli;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;

/**
 * How failures read on the command line: the message, then the mvSQLite error code and SQLSTATE in
 * brackets.
 */
public final class Errors {

  private Errors() {}

  /** {@code message [CODE, SQLSTATE 40001]}, with a hint where the code has an obvious remedy. */
  public static String describe(MvException e) {
    ErrorCode code = e.code();
    String hint =
        switch (code) {
          case UNAUTHORIZED ->
              " Give the server's admin token with --admin-token or MVSQLITE_ADMIN_TOKEN.";
          case VERSION_TRUNCATED -> " That version is older than the namespace's truncation point.";
          default -> "";
        };
    return e.getMessage() + " [" + tag(code) + "]" + hint;
  }

  /** {@code CODE, SQLSTATE xxxxx}. */
  public static String tag(ErrorCode code) {
    return code.name() + ", SQLSTATE " + code.sqlState();
  }

  /** The first {@link MvException} in the cause chain of {@code t}, or {@code null}. */
  public static MvException mvCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof MvException mv) {
        return mv;
      }
    }
    return null;
  }
}
