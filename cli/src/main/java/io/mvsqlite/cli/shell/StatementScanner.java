package io.mvsqlite.cli.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts SQL text, fed line by line, into complete statements, deciding completeness as SQLite's
 * {@code sqlite3_complete()} does: a statement ends at a {@code ;} outside string literals, quoted
 * identifiers and comments, except inside {@code CREATE [TEMP] TRIGGER ... END;} bodies, whose
 * inner {@code ;} do not end it. Several statements on one line are returned one by one; statements
 * that hold nothing but whitespace, comments and {@code ;} are dropped.
 *
 * <p>The state machine is SQLite's (tokens SEMI, WS, OTHER, EXPLAIN, CREATE, TEMP, TRIGGER, END; 8
 * states), written from its documented behaviour. Not thread-safe.
 */
final class StatementScanner {

  /** A complete statement and the input line it started on (1-based). */
  record Statement(String sql, int line) {}

  private static final int SEMI = 0;
  private static final int WS = 1;
  private static final int OTHER = 2;
  private static final int EXPLAIN = 3;
  private static final int CREATE = 4;
  private static final int TEMP = 5;
  private static final int TRIGGER = 6;
  private static final int END = 7;

  /** {@code TRANSITIONS[state][token]}; state 1 after a SEMI means "complete". */
  private static final int[][] TRANSITIONS = {
    // SEMI WS OTHER EXPLAIN CREATE TEMP TRIGGER END
    {1, 0, 2, 3, 4, 2, 2, 2}, // 0 INVALID (nothing yet)
    {1, 1, 2, 3, 4, 2, 2, 2}, // 1 START (after a complete statement)
    {1, 2, 2, 2, 2, 2, 2, 2}, // 2 NORMAL
    {1, 3, 3, 2, 4, 2, 2, 2}, // 3 EXPLAIN
    {1, 4, 2, 2, 2, 4, 5, 2}, // 4 CREATE
    {6, 5, 5, 5, 5, 5, 5, 5}, // 5 TRIGGER (inside a trigger body)
    {6, 6, 5, 5, 5, 5, 5, 7}, // 6 SEMI (a ; inside a trigger body)
    {1, 7, 5, 5, 5, 5, 5, 5}, // 7 END
  };

  /**
   * Where the lexer is between lines: inside a literal or comment that continues on the next line.
   */
  private enum Lex {
    CODE,
    SINGLE_QUOTE,
    DOUBLE_QUOTE,
    BACKTICK,
    BRACKET,
    BLOCK_COMMENT
  }

  private final StringBuilder pending = new StringBuilder();
  private int state;
  private Lex lex = Lex.CODE;
  private boolean substantive;
  private boolean complete;
  private int startLine;

  /**
   * True if no statement text is waiting for its end (whitespace and comments alone do not count).
   */
  boolean isEmpty() {
    return !substantive && lex == Lex.CODE;
  }

  /**
   * True if the input so far ends with a complete statement followed by nothing but whitespace and
   * comments: what {@code sqlite3_complete()} answers for the whole input.
   */
  boolean endsWithCompleteStatement() {
    return complete && lex == Lex.CODE;
  }

  /**
   * Adds one line of input (without its terminator); returns the statements it completes, in order.
   */
  List<Statement> addLine(String line, int lineNumber) {
    List<Statement> done = new ArrayList<>();
    if (pending.isEmpty() || !substantive && lex == Lex.CODE) {
      startLine = lineNumber;
    }
    String text = line + "\n";
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (lex != Lex.CODE) {
        i = continueLiteral(text, i);
        continue;
      }
      if (Character.isWhitespace(c)) {
        pending.append(c);
        step(WS);
        i++;
      } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        int eol = text.indexOf('\n', i);
        pending.append(text, i, eol);
        step(WS);
        i = eol;
      } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
        pending.append("/*");
        lex = Lex.BLOCK_COMMENT;
        step(WS);
        i += 2;
      } else if (c == ';') {
        pending.append(c);
        step(SEMI);
        i++;
        if (state == 1) {
          if (substantive) {
            done.add(new Statement(pending.toString().strip(), startLine));
          }
          pending.setLength(0);
          state = 0;
          substantive = false;
          startLine = lineNumber;
        }
      } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
        pending.append(c);
        lex =
            switch (c) {
              case '\'' -> Lex.SINGLE_QUOTE;
              case '"' -> Lex.DOUBLE_QUOTE;
              case '`' -> Lex.BACKTICK;
              default -> Lex.BRACKET;
            };
        token(OTHER);
        i++;
      } else if (isIdentifierChar(c)) {
        int end = i;
        while (end < text.length() && isIdentifierChar(text.charAt(end))) {
          end++;
        }
        String word = text.substring(i, end);
        pending.append(word);
        token(keyword(word));
        i = end;
      } else {
        pending.append(c);
        token(OTHER);
        i++;
      }
    }
    return done;
  }

  /**
   * Everything not yet returned (an unfinished statement), and a fresh start. Blank text gives
   * {@code null}.
   */
  Statement drain() {
    String text = pending.toString().strip();
    boolean had = substantive;
    int line = startLine;
    reset();
    return had && !text.isEmpty() ? new Statement(text, line) : null;
  }

  /** Forgets any unfinished statement. */
  void reset() {
    pending.setLength(0);
    state = 0;
    complete = false;
    lex = Lex.CODE;
    substantive = false;
  }

  private int continueLiteral(String text, int i) {
    char c = text.charAt(i);
    pending.append(c);
    switch (lex) {
      case SINGLE_QUOTE, DOUBLE_QUOTE, BACKTICK -> {
        char quote = lex == Lex.SINGLE_QUOTE ? '\'' : lex == Lex.DOUBLE_QUOTE ? '"' : '`';
        if (c == quote) {
          // A doubled quote is an escaped quote: the literal goes on.
          if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
            pending.append(quote);
            return i + 2;
          }
          lex = Lex.CODE;
        }
      }
      case BRACKET -> {
        if (c == ']') {
          lex = Lex.CODE;
        }
      }
      case BLOCK_COMMENT -> {
        if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
          pending.append('/');
          lex = Lex.CODE;
          return i + 2;
        }
      }
      case CODE -> throw new IllegalStateException();
    }
    return i + 1;
  }

  private void token(int token) {
    substantive = true;
    step(token);
  }

  private void step(int token) {
    state = TRANSITIONS[state][token];
    if (token == SEMI) {
      complete = state == 1;
    } else if (token != WS) {
      complete = false;
    }
  }

  private static int keyword(String word) {
    return switch (word.toLowerCase(java.util.Locale.ROOT)) {
      case "create" -> CREATE;
      case "temp", "temporary" -> TEMP;
      case "trigger" -> TRIGGER;
      case "end" -> END;
      case "explain" -> EXPLAIN;
      default -> OTHER;
    };
  }

  private static boolean isIdentifierChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
  }
}
