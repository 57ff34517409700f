package io.mvsqlite.client.jdbc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed {@code jdbc:mvsqlite:} URL (grammar in docs/jdbc.md):
 *
 * <pre>
 * jdbc:mvsqlite:DATABASE[?KEY=VALUE(&amp;KEY=VALUE)*]
 * DATABASE = NAMESPACE[@PIN]        (any database name mvSQLite reads: see DatabaseName)
 * PIN      = 20 hex digits | an ISO-8601 instant
 * </pre>
 *
 * The database name and every key and value are percent-decoded ({@code %2F}; a {@code +} stays a
 * plus, so offsets such as {@code +02:00} need no escaping). Keys are case-sensitive and may appear
 * once.
 *
 * @param database the database name, decoded
 * @param parameters the parameters in URL order, decoded
 */
record JdbcUrl(String database, Map<String, String> parameters) {

  static final String PREFIX = "jdbc:mvsqlite:";

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  JdbcUrl {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** True for URLs this driver opens (the prefix in any case, as JDBC drivers usually accept). */
  static boolean accepts(String url) {
    return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  /**
   * Parses {@code url}.
   *
   * @throws SQLException SQLSTATE 08001 for a malformed URL: no database name, a bad percent
   *     escape, a parameter without a key or given twice
   */
  static JdbcUrl parse(String url) throws SQLException {
    if (!accepts(url)) {
      throw SqlExceptions.configuration("not an mvSQLite URL: it must start with " + PREFIX);
    }
    String rest = url.substring(PREFIX.length());
    int query = rest.indexOf('?');
    String database = decode(query < 0 ? rest : rest.substring(0, query));
    if (database.isBlank()) {
      throw SqlExceptions.configuration(
          "the URL names no database: expected " + PREFIX + "NAMESPACE[@VERSION][?…]");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    if (query >= 0) {
      for (String part : rest.substring(query + 1).split("&")) {
        if (part.isEmpty()) {
          continue;
        }
        int eq = part.indexOf('=');
        String key = decode(eq < 0 ? part : part.substring(0, eq));
        String value = eq < 0 ? "" : decode(part.substring(eq + 1));
        if (key.isEmpty()) {
          throw SqlExceptions.configuration("a URL parameter has no name: '" + part + "'");
        }
        if (parameters.put(key, value) != null) {
          throw SqlExceptions.configuration("the URL parameter " + key + " is given twice");
        }
      }
    }
    return new JdbcUrl(database, parameters);
  }

  /** Decodes {@code %HH} escapes (UTF-8); anything else is kept as written. */
  static String decode(String text) throws SQLException {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 2 >= text.length()
          || !HexFormat.isHexDigit(text.charAt(i + 1))
          || !HexFormat.isHexDigit(text.charAt(i + 2))) {
        throw SqlExceptions.configuration(
            "bad percent escape in the URL: '" + text + "' (write % as %25)");
      }
      out.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * {@code text} escaped for a part of a SQLite {@code file:} URI, which SQLite percent-decodes:
   * {@code %}, the delimiters {@code ? # & =}, spaces, control characters and non-ASCII bytes (of
   * UTF-8) are escaped; the rest is kept.
   */
  static String encode(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c <= 0x20 || c >= 0x7f || "%?#&=".indexOf(c) >= 0) {
        out.append('%').append(HEX.toHexDigits(b));
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }
}
