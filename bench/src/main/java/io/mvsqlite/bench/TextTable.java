package io.mvsqlite.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain-text table: the first column left-aligned, the others right-aligned, each as wide as its
 * widest cell. Not thread-safe; build, then {@link #render()}.
 */
final class TextTable {

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  TextTable(String... header) {
    this.columns = header.length;
    rows.add(header);
  }

  /** Adds a row; missing cells are empty, extra cells are an error. */
  TextTable row(String... cells) {
    if (cells.length > columns) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells in a table of " + columns + " columns");
    }
    String[] row = new String[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = i < cells.length && cells[i] != null ? cells[i] : "";
    }
    rows.add(row);
    return this;
  }

  String render() {
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        if (i > 0) {
          line.append("  ");
        }
        String format = i == 0 ? "%-" + width[i] + "s" : "%" + width[i] + "s";
        line.append(String.format(Locale.ROOT, format, row[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** {@code value} with thousands separators and {@code decimals} decimals. */
  static String number(double value, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }
}
