package io.mvsqlite.client.vfs;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * A database name as mvSQLite reads it (reference client §3.2), in this order:
 *
 * <ol>
 *   <li>the name map replaces an exact match once ({@code MVSQLITE_DB_NAME_MAP=from=to,...});
 *   <li>{@code http://host:port/rest} makes that origin this connection's data plane; {@code rest}
 *       is the name;
 *   <li>leading {@code /} are stripped;
 *   <li>{@code ns@pin} pins the connection: the text up to a second {@code @} is a version (20 hex
 *       digits) or an ISO-8601 instant; an empty pin ({@code ns@}) is no pin;
 *   <li>{@code prefix:hash.proof} names the protected namespace {@code prefix:hash} with the
 *       hashproof {@code proof}; only the first two {@code :}-separated segments are kept.
 * </ol>
 *
 * @param namespaceKey the namespace key
 * @param hashproof the hashproof of a protected key, or {@code null}
 * @param origin the data plane named by the name itself, or {@code null}
 * @param pin the version pin as written (hex version or ISO-8601 instant), or {@code null}
 */
public record DatabaseName(String namespaceKey, String hashproof, URI origin, String pin) {

  /**
   * Parses {@code name}.
   *
   * @throws MvException {@link ErrorCode#INVALID_NAMESPACE_KEY} for a name that leaves an empty
   *     namespace key or has a malformed URL
   */
  public static DatabaseName parse(String name, Map<String, String> nameMap) {
    String n = nameMap.getOrDefault(name, name);
    URI origin = null;
    String lower = n.length() >= 8 ? n.substring(0, 8).toLowerCase(java.util.Locale.ROOT) : "";
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      int schemeEnd = n.indexOf("://") + 3;
      int pathStart = n.indexOf('/', schemeEnd);
      String originText = pathStart < 0 ? n : n.substring(0, pathStart);
      try {
        URI u = new URI(originText);
        if (u.getHost() == null) {
          throw new URISyntaxException(originText, "no host");
        }
        origin = new URI(u.getScheme(), null, u.getHost(), u.getPort(), null, null, null);
      } catch (URISyntaxException e) {
        throw new MvException(
            ErrorCode.INVALID_NAMESPACE_KEY, "invalid data-plane URL in database name: " + n);
      }
      n = pathStart < 0 ? "" : n.substring(pathStart);
    }
    int start = 0;
    while (start < n.length() && n.charAt(start) == '/') {
      start++;
    }
    n = n.substring(start);
    String pin = null;
    int at = n.indexOf('@');
    if (at >= 0) {
      String rest = n.substring(at + 1);
      int second = rest.indexOf('@');
      pin = second >= 0 ? rest.substring(0, second) : rest;
      if (pin.isEmpty()) {
        pin = null;
      }
      n = n.substring(0, at);
    }
    String key = n;
    String proof = null;
    int colon = n.indexOf(':');
    if (colon >= 0) {
      String afterColon = n.substring(colon + 1);
      int nextColon = afterColon.indexOf(':');
      String second = nextColon >= 0 ? afterColon.substring(0, nextColon) : afterColon;
      int dot = second.indexOf('.');
      if (dot >= 0) {
        key = n.substring(0, colon) + ":" + second.substring(0, dot);
        proof = second.substring(dot + 1);
      }
    }
    if (key.isEmpty()) {
      throw new MvException(
          ErrorCode.INVALID_NAMESPACE_KEY, "the database name '" + name + "' names no namespace");
    }
    return new DatabaseName(key, proof, origin, pin);
  }
}
