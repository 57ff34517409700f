package io.mvsqlite.agent;

/**
 * Just enough of SQLite's tokenizer to tell whether a SQL text holds one statement: {@code
 * sqlite3_exec} runs every statement of its text, each in its own autocommit transaction, so after
 * a conflict in the third statement the first two are committed, and running the whole text again
 * would run them twice. Only a text with a single statement may be retried as a whole.
 *
 * <p>It skips what SQLite skips or quotes: {@code '...'} strings (and blob literals), {@code
 * "..."}, {@code `...`} and {@code [...]} identifiers, {@code --} and {@code /* *}{@code /}
 * comments. A text is "single" when nothing but blanks, comments and semicolons follows the first
 * semicolon outside of those. The answer errs on the safe side: a trigger body ({@code BEGIN ...;
 * ...; END}) counts as several statements, which only means no retry.
 */
final class SqlText {

  private SqlText() {}

  /** True when {@code sql} holds at most one statement (see the class comment). */
  static boolean isSingleStatement(String sql) {
    int n = sql.length();
    boolean seenSemicolon = false;
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        i = skipLine(sql, i + 2);
        continue;
      }
      if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        continue;
      }
      if (Character.isWhitespace(c) || c == '\0') {
        i++;
        continue;
      }
      if (c == ';') {
        seenSemicolon = true;
        i++;
        continue;
      }
      if (seenSemicolon) {
        return false; // a token after a statement's end: a second statement
      }
      i =
          switch (c) {
            case '\'', '"', '`' -> skipQuoted(sql, i + 1, c);
            case '[' -> {
              int end = sql.indexOf(']', i + 1);
              yield end < 0 ? n : end + 1;
            }
            default -> i + 1;
          };
    }
    return true;
  }

  private static int skipLine(String sql, int from) {
    int end = sql.indexOf('\n', from);
    return end < 0 ? sql.length() : end + 1;
  }

  /**
   * The index after the closing {@code quote}; a doubled quote is an escaped one. Unterminated: the
   * end.
   */
  private static int skipQuoted(String sql, int from, char quote) {
    int i = from;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }
}
