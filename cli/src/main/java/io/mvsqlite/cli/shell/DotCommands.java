package io.mvsqlite.cli.shell;

import io.mvsqlite.cli.CliException;
import io.mvsqlite.cli.NamespaceName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The shell's dot-commands, sqlite3's where they exist ({@code .tables .schema .mode .headers
 * .timer .read .bail .nullvalue .open .quit .exit .help}) plus {@code .version}. Arguments are
 * split on whitespace; single or double quotes group words. Not thread-safe.
 */
final class DotCommands {

  /** What running a dot-command led to. */
  enum Result {
    OK,
    /** It failed; the reason was printed. */
    FAILED,
    /** A {@code .read} script stopped at an error (already counted). */
    STOP,
    QUIT
  }

  static final String HELP =
      """
      .bail on|off             Stop a script at its first error (default off, as in sqlite3; see --bail)
      .exit ?CODE?             Exit the shell with return code CODE
      .headers on|off          Show column names in list and csv mode (column mode: on unless turned off)
      .help                    Show this message
      .mode MODE               Set the output mode: list csv column line json table
      .nullvalue TEXT          Show NULL values as TEXT (default: empty)
      .open NS[@VERSION]       Close this namespace and open NS (a VERSION or ISO-8601 instant opens read-only)
      .quit                    Exit the shell
      .read FILE               Run the SQL and dot-commands of FILE
      .schema ?PATTERN?        Show the CREATE statements of the tables matching the LIKE pattern
      .tables ?PATTERN?        List the tables and views matching the LIKE pattern
      .timer on|off            Show the run time of each statement
      .version                 Show the namespace's last known version (and this program's version)
      """;

  private final Shell shell;

  DotCommands(Shell shell) {
    this.shell = shell;
  }

  Result run(String line, LineSource source) {
    List<String> args = split(line.substring(1));
    if (args.isEmpty()) {
      return unknown(line);
    }
    String command = args.getFirst().toLowerCase(Locale.ROOT);
    try {
      return switch (command) {
        case "bail" -> flag(args, v -> shell.settings.bail = v);
        case "exit" -> exit(args);
        case "quit", "q" -> Result.QUIT;
        case "headers", "header" -> flag(args, v -> shell.settings.headers = v);
        case "help" -> {
          shell.out.print(HELP);
          yield Result.OK;
        }
        case "mode" -> mode(args);
        case "nullvalue" -> {
          if (args.size() != 2) {
            yield usage(".nullvalue TEXT");
          }
          shell.settings.nullValue = args.get(1);
          yield Result.OK;
        }
        case "open" -> open(args);
        case "read" -> read(args);
        case "schema" -> schema(args);
        case "tables", "table" -> tables(args);
        case "timer" -> flag(args, v -> shell.settings.timer = v);
        case "version" -> version();
        default -> unknown(line);
      };
    } catch (SQLException e) {
      shell.err.println("Error: " + Shell.describe(e, Optional.empty()));
      return Result.FAILED;
    } finally {
      shell.out.flush();
    }
  }

  private interface BooleanSetter {
    void set(boolean value);
  }

  private Result flag(List<String> args, BooleanSetter setter) {
    if (args.size() != 2) {
      return usage("." + args.getFirst() + " on|off");
    }
    Boolean value =
        switch (args.get(1).toLowerCase(Locale.ROOT)) {
          case "on", "yes", "true", "1" -> true;
          case "off", "no", "false", "0" -> false;
          default -> null;
        };
    if (value == null) {
      shell.err.println("Error: not a boolean value: \"" + args.get(1) + "\". Assuming \"no\".");
      setter.set(false);
      return Result.FAILED;
    }
    setter.set(value);
    return Result.OK;
  }

  private Result exit(List<String> args) {
    if (args.size() > 1) {
      try {
        shell.exitWith(Integer.parseInt(args.get(1)));
      } catch (NumberFormatException e) {
        return usage(".exit ?CODE?");
      }
    }
    return Result.QUIT;
  }

  private Result mode(List<String> args) {
    if (args.size() == 1) {
      shell.out.println("current output mode: " + shell.settings.mode.label());
      return Result.OK;
    }
    OutputMode mode = args.size() == 2 ? OutputMode.parse(args.get(1)) : null;
    if (mode == null) {
      shell.err.println("Error: mode should be one of: " + OutputMode.names());
      return Result.FAILED;
    }
    shell.settings.mode = mode;
    return Result.OK;
  }

  private Result open(List<String> args) {
    if (args.size() != 2) {
      return usage(".open NS[@VERSION]");
    }
    try {
      shell.open(NamespaceName.parse(args.get(1)));
      return Result.OK;
    } catch (CliException e) {
      shell.err.println("Error: " + e.getMessage());
      return Result.FAILED;
    }
  }

  private Result read(List<String> args) {
    if (args.size() != 2) {
      return usage(".read FILE");
    }
    Path file = Path.of(args.get(1));
    BufferedReader reader;
    try {
      reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      shell.err.println("Error: cannot open \"" + args.get(1) + "\"");
      return Result.FAILED;
    }
    try (reader;
        LineSource lines = LineSource.of(reader)) {
      return switch (shell.process(lines, args.get(1))) {
        case CONTINUE -> Result.OK;
        case STOP -> Result.STOP;
        case QUIT -> Result.QUIT;
      };
    } catch (UncheckedIOException | IOException e) {
      shell.err.println("Error: reading \"" + args.get(1) + "\" failed: " + e.getMessage());
      return Result.FAILED;
    }
  }

  private Result schema(List<String> args) throws SQLException {
    if (args.size() > 2) {
      return usage(".schema ?PATTERN?");
    }
    String sql =
        "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            + (args.size() == 2 ? " AND (name LIKE ?1 OR tbl_name LIKE ?1)" : "")
            + " ORDER BY tbl_name, type DESC, name";
    try (PreparedStatement ps = shell.database().connection().prepareStatement(sql)) {
      if (args.size() == 2) {
        ps.setString(1, args.get(1));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          shell.out.println(rs.getString(1) + ";");
        }
      }
    }
    return Result.OK;
  }

  private Result tables(List<String> args) throws SQLException {
    if (args.size() > 2) {
      return usage(".tables ?PATTERN?");
    }
    String sql =
        "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')"
            + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            + (args.size() == 2 ? " AND name LIKE ?1" : "")
            + " ORDER BY 1";
    List<String> names = new ArrayList<>();
    try (PreparedStatement ps = shell.database().connection().prepareStatement(sql)) {
      if (args.size() == 2) {
        ps.setString(1, args.get(1));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    printInColumns(names);
    return Result.OK;
  }

  /**
   * Names in as many columns as fit 80 characters, ordered down the columns, as sqlite3 lists
   * tables.
   */
  private void printInColumns(List<String> names) {
    if (names.isEmpty()) {
      return;
    }
    int width = names.stream().mapToInt(String::length).max().orElse(0) + 2;
    int columns = Math.max(1, 80 / width);
    int rows = (names.size() + columns - 1) / columns;
    for (int r = 0; r < rows; r++) {
      StringBuilder line = new StringBuilder();
      for (int i = r; i < names.size(); i += rows) {
        boolean last = i + rows >= names.size();
        String name = names.get(i);
        line.append(name).append(last ? "" : " ".repeat(width - name.length()));
      }
      shell.out.println(line.toString().stripTrailing());
    }
  }

  private Result version() throws SQLException {
    Optional<ShellDatabase.VersionInfo> v = shell.database().version();
    String ns = shell.database().name().key();
    if (v.isEmpty()) {
      shell.out.println(ns + ": version unknown");
    } else {
      shell.out.println(
          v.get().version().hex()
              + "  "
              + ns
              + (v.get().pinned()
                  ? " (pinned: read-only at this version)"
                  : " (last known version)"));
    }
    shell.out.println("mvsqlite " + io.mvsqlite.cli.MvsqliteCommand.VERSION);
    return Result.OK;
  }

  private Result usage(String syntax) {
    shell.err.println("Usage: " + syntax);
    return Result.FAILED;
  }

  private Result unknown(String line) {
    shell.err.println(
        "Error: unknown command or invalid arguments: \""
            + line.strip().substring(1)
            + "\". Enter \".help\" for help");
    return Result.FAILED;
  }

  /** Splits arguments on whitespace; single or double quotes group words (and are removed). */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = null;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          current.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        current = current == null ? new StringBuilder() : current;
      } else if (Character.isWhitespace(c)) {
        if (current != null) {
          out.add(current.toString());
          current = null;
        }
      } else {
        current = current == null ? new StringBuilder() : current;
        current.append(c);
      }
    }
    if (current != null) {
      out.add(current.toString());
    }
    return out;
  }
}
