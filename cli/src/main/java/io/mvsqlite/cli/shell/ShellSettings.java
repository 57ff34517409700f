package io.mvsqlite.cli.shell;

/**
 * What the dot-commands change during a session: output mode, headers, timer, bail, null text.
 * Mutable, owned by one {@link Shell}.
 */
final class ShellSettings {

  OutputMode mode = OutputMode.LIST;

  /**
   * Headers shown in list and csv modes; {@code null} until set, so that column mode can default to
   * on.
   */
  Boolean headers;

  boolean timer;

  /** Stop a script at its first error (scripts only; an interactive session always goes on). */
  boolean bail;

  String nullValue = "";

  /**
   * Whether the current mode shows headers: table always; column unless turned off; others if
   * turned on.
   */
  boolean showHeaders() {
    return switch (mode) {
      case TABLE -> true;
      case COLUMN -> headers == null || headers;
      case LIST, CSV -> headers != null && headers;
      case LINE, JSON -> false;
    };
  }
}
