package io.mvsqlite.cli.shell;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How the shell writes SQLite values: integers as they are, reals as sqlite3 does ({@code %!.15g}:
 * 15 significant digits, always with a decimal point, exponents from 1e15 and below 1e-4), text as
 * is, NULL as the null text, and BLOBs as SQL hex literals ({@code X'CAFE'}; sqlite3 writes their
 * raw bytes, which garbles terminals).
 */
final class Values {

  /** One value of a row, with its SQLite storage class. */
  sealed interface Value permits Null, Int, Real, Text, Blob {}

  record Null() implements Value {}

  record Int(long value) implements Value {}

  record Real(double value) implements Value {}

  record Text(String value) implements Value {}

  record Blob(byte[] value) implements Value {}

  private static final Null NULL = new Null();
  private static final MathContext SIGNIFICANT_15 = new MathContext(15, RoundingMode.HALF_UP);

  private Values() {}

  /** Column {@code i} (1-based) of the current row. */
  static Value read(ResultSet rs, int i) throws SQLException {
    Object o = rs.getObject(i);
    return switch (o) {
      case null -> NULL;
      case Integer n -> new Int(n);
      case Long n -> new Int(n);
      case Short n -> new Int(n);
      case Byte n -> new Int(n);
      case Double d -> new Real(d);
      case Float f -> new Real(f);
      case String s -> new Text(s);
      case byte[] b -> new Blob(b);
      default -> new Text(rs.getString(i));
    };
  }

  /** The text of {@code v} in the list, column, table, line and csv modes. */
  static String text(Value v, String nullValue) {
    return switch (v) {
      case Null n -> nullValue;
      case Int n -> Long.toString(n.value());
      case Real r -> real(r.value());
      case Text t -> t.value();
      case Blob b -> "X'" + HexFormat.of().withUpperCase().formatHex(b.value()) + "'";
    };
  }

  /** {@code v} as a JSON value (BLOBs as a string of hex digits). */
  static String json(Value v) {
    return switch (v) {
      case Null n -> "null";
      case Int n -> Long.toString(n.value());
      case Real r -> Double.isFinite(r.value()) ? real(r.value()) : "null";
      case Text t -> jsonString(t.value());
      case Blob b -> jsonString(HexFormat.of().formatHex(b.value()));
    };
  }

  /** A real as sqlite3 prints it ({@code %!.15g}). */
  static String real(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Inf" : "-Inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal rounded = new BigDecimal(d).round(SIGNIFICANT_15);
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= 15) {
      String mantissa =
          withPoint(rounded.movePointLeft(exponent).stripTrailingZeros().toPlainString());
      return mantissa
          + "e"
          + (exponent < 0 ? "-" : "+")
          + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }
    return withPoint(rounded.stripTrailingZeros().toPlainString());
  }

  private static String withPoint(String s) {
    return s.indexOf('.') >= 0 ? s : s + ".0";
  }

  static String jsonString(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /**
   * {@code s} as a CSV field: quoted when it holds a comma, quote, line break, or leading or
   * trailing space.
   */
  static String csv(Value v, String nullValue) {
    String s = text(v, nullValue);
    boolean quote = !s.isEmpty() && (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ');
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
