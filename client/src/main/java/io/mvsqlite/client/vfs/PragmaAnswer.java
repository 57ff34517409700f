package io.mvsqlite.client.vfs;

/**
 * How a {@link VirtualFile} answers a {@code PRAGMA} that SQLite offers it first ({@code
 * SQLITE_FCNTL_PRAGMA}, sent for every PRAGMA statement on the file's schema while the statement is
 * being prepared).
 */
public sealed interface PragmaAnswer {

  /** Not handled: SQLite runs its built-in PRAGMA as usual. */
  PragmaAnswer NOT_HANDLED = new NotHandled();

  /** The default answer: SQLite runs its built-in PRAGMA. */
  record NotHandled() implements PragmaAnswer {}

  /**
   * Handled by the file: SQLite does <em>not</em> run its built-in PRAGMA; the statement returns
   * {@code result} as one row, or no row when it is {@code null}.
   */
  record Handled(String result) implements PragmaAnswer {}

  /**
   * Refused: preparing the statement fails with {@code SQLITE_ERROR} and {@code message} as the
   * error text.
   */
  record Refused(String message) implements PragmaAnswer {}
}
