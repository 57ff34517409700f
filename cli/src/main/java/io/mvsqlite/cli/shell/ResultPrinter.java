package io.mvsqlite.cli.shell;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a result set in one of the {@link OutputMode}s, the way sqlite3 lays them out. Rows stream
 * out as they are read, except in column and table mode, which need every row to size the columns.
 * A result without rows prints nothing. Not thread-safe.
 */
final class ResultPrinter {

  private final PrintStream out;
  private final ShellSettings settings;

  ResultPrinter(PrintStream out, ShellSettings settings) {
    this.out = out;
    this.settings = settings;
  }

  /** Prints every row of {@code rs}; returns the number of rows. */
  long print(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<String> names = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      names.add(md.getColumnLabel(i));
    }
    return switch (settings.mode) {
      case COLUMN, TABLE -> columnar(rs, names);
      case LIST, CSV, LINE, JSON -> streamed(rs, names);
    };
  }

  private long streamed(ResultSet rs, List<String> names) throws SQLException {
    int n = names.size();
    int nameWidth = names.stream().mapToInt(ResultPrinter::width).max().orElse(0);
    long rows = 0;
    List<Values.Value> row = new ArrayList<>(n);
    while (rs.next()) {
      row.clear();
      for (int i = 1; i <= n; i++) {
        row.add(Values.read(rs, i));
      }
      switch (settings.mode) {
        case LIST, CSV -> {
          boolean csv = settings.mode == OutputMode.CSV;
          if (rows == 0 && settings.showHeaders()) {
            List<String> header = new ArrayList<>();
            for (String name : names) {
              header.add(csv ? Values.csv(new Values.Text(name), "") : name);
            }
            out.print(String.join(csv ? "," : "|", header) + (csv ? "\r\n" : "\n"));
          }
          List<String> cells = new ArrayList<>(n);
          for (Values.Value v : row) {
            cells.add(csv ? Values.csv(v, settings.nullValue) : Values.text(v, settings.nullValue));
          }
          out.print(String.join(csv ? "," : "|", cells) + (csv ? "\r\n" : "\n"));
        }
        case LINE -> {
          if (rows > 0) {
            out.println();
          }
          for (int i = 0; i < n; i++) {
            out.println(
                " ".repeat(Math.max(0, nameWidth - width(names.get(i))))
                    + names.get(i)
                    + " = "
                    + Values.text(row.get(i), settings.nullValue));
          }
        }
        case JSON -> {
          StringBuilder object = new StringBuilder(rows == 0 ? "[{" : ",\n{");
          for (int i = 0; i < n; i++) {
            object
                .append(i == 0 ? "" : ",")
                .append(Values.jsonString(names.get(i)))
                .append(':')
                .append(Values.json(row.get(i)));
          }
          out.print(object.append('}'));
        }
        default -> throw new IllegalStateException(settings.mode.name());
      }
      rows++;
    }
    if (settings.mode == OutputMode.JSON && rows > 0) {
      out.println("]");
    }
    return rows;
  }

  private long columnar(ResultSet rs, List<String> names) throws SQLException {
    int n = names.size();
    List<String[]> rows = new ArrayList<>();
    int[] widths = new int[n];
    boolean headers = settings.showHeaders();
    for (int i = 0; i < n; i++) {
      widths[i] = headers ? width(names.get(i)) : 0;
    }
    while (rs.next()) {
      String[] cells = new String[n];
      for (int i = 0; i < n; i++) {
        cells[i] = Values.text(Values.read(rs, i + 1), settings.nullValue);
        widths[i] = Math.max(widths[i], width(cells[i]));
      }
      rows.add(cells);
    }
    if (rows.isEmpty()) {
      return 0;
    }
    boolean table = settings.mode == OutputMode.TABLE;
    String border = table ? border(widths) : null;
    if (table) {
      out.println(border);
    }
    if (headers) {
      out.println(line(names.toArray(String[]::new), widths, table));
      out.println(table ? border : dashes(widths));
    }
    for (String[] cells : rows) {
      out.println(line(cells, widths, table));
    }
    if (table) {
      out.println(border);
    }
    return rows.size();
  }

  private static String line(String[] cells, int[] widths, boolean table) {
    StringBuilder s = new StringBuilder(table ? "| " : "");
    for (int i = 0; i < cells.length; i++) {
      boolean last = i == cells.length - 1;
      s.append(cells[i]);
      if (table || !last) {
        s.append(" ".repeat(widths[i] - width(cells[i])));
      }
      if (!last) {
        s.append(table ? " | " : "  ");
      }
    }
    return s.append(table ? " |" : "").toString();
  }

  private static String border(int[] widths) {
    StringBuilder s = new StringBuilder("+");
    for (int w : widths) {
      s.append("-".repeat(w + 2)).append('+');
    }
    return s.toString();
  }

  private static String dashes(int[] widths) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      s.append(i == 0 ? "" : "  ").append("-".repeat(Math.max(1, widths[i])));
    }
    return s.toString();
  }

  /** Display width: one column per code point (wide characters are not measured). */
  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }
}
