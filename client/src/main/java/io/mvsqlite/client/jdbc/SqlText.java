package io.mvsqlite.client.jdbc;

/**
 * Lexical facts about SQL text that the driver needs before running it. Stateless.
 *
 * <p>A string with several statements cannot be re-run after a conflict: sqlite-jdbc's {@code
 * executeUpdate(String)} runs them all, each in autocommit mode, so the statements before the
 * conflicting one have committed and would be applied twice. {@link #isSingleStatement} decides
 * whether a string may be retried.
 */
final class SqlText {

  private SqlText() {}

  /**
   * True if {@code sql} holds at most one statement: nothing but whitespace, comments and
   * semicolons follows its first semicolon that is outside quotes ({@code '…'}, {@code "…"}, {@code
   * `…`}, {@code […]}) and comments ({@code --}, {@code /* *}{@code /}). Conservative: a trigger
   * body ({@code BEGIN …; END}) counts as several statements, which only means it is not retried.
   */
  static boolean isSingleStatement(String sql) {
    boolean ended = false;
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int eol = sql.indexOf('\n', i + 2);
        i = eol < 0 ? n : eol + 1;
        continue;
      }
      if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
        continue;
      }
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == ';') {
        ended = true;
        i++;
        continue;
      }
      if (ended) {
        return false;
      }
      i =
          switch (c) {
            case '\'', '"', '`' -> skipQuoted(sql, i, c);
            case '[' -> skipQuoted(sql, i, ']');
            default -> i + 1;
          };
    }
    return true;
  }

  /**
   * The index after the quote that closes the one at {@code open}; a doubled quote inside is two
   * quoted parts.
   */
  private static int skipQuoted(String sql, int open, char close) {
    int end = sql.indexOf(close, open + 1);
    return end < 0 ? sql.length() : end + 1;
  }
}
