package io.mvsqlite.cli;

import io.mvsqlite.client.vfs.DatabaseName;
import io.mvsqlite.client.vfs.VersionPins;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceRef;
import java.util.Map;

/**
 * A namespace as the user names it on the command line: {@code NS} or {@code NS@PIN}, where the pin
 * is a version (20 hex digits) or an ISO-8601 instant ({@code client.vfs.VersionPins}); a protected
 * key may carry its hashproof as {@code prefix:hash.proof}. Parsed by the client's own {@link
 * DatabaseName}, so the shell, import, export and fork read names exactly as a JDBC URL would.
 *
 * @param text the name as written (what the VFS is given)
 * @param ref the namespace key and hashproof
 * @param pin the pin as written, or {@code null}
 */
public record NamespaceName(String text, NamespaceRef ref, String pin) {

  /**
   * Parses {@code text}.
   *
   * @throws CliException {@link CliException#USAGE} for an empty key, a pin that is neither a
   *     version nor an ISO-8601 instant after 1970, or a name that carries a server URL (give
   *     {@code --data-plane} instead). Whether a valid pin names a version the namespace has is
   *     only known when it is resolved.
   */
  public static NamespaceName parse(String text) {
    DatabaseName db;
    try {
      db = DatabaseName.parse(text, Map.of());
    } catch (MvException e) {
      throw CliException.usage(e.getMessage());
    }
    if (db.origin() != null) {
      throw CliException.usage(
          "'"
              + text
              + "' names a server; give the server with --data-plane "
              + db.origin()
              + " and the namespace alone");
    }
    if (db.pin() != null && !VersionPins.isVersion(db.pin())) {
      try {
        VersionPins.lookupSeconds(VersionPins.parseInstant(db.pin()));
      } catch (MvException e) {
        throw CliException.usage(e.getMessage());
      }
    }
    return new NamespaceName(text, new NamespaceRef(db.namespaceKey(), db.hashproof()), db.pin());
  }

  /** The namespace key. */
  public String key() {
    return ref.key();
  }

  /** The same namespace, unpinned. */
  public String unpinned() {
    int at = text.indexOf('@');
    return at < 0 ? text : text.substring(0, at);
  }
}
