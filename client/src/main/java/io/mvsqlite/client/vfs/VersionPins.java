package io.mvsqlite.client.vfs;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Time2VersionResult;
import io.mvsqlite.protocol.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one definition of how mvSQLite reads a point in a namespace's history, wherever a user writes
 * one: the {@code @} pin of a database name ({@code orders@…}, also in {@code jdbc:mvsqlite:}
 * URLs), and the arguments of {@code mv_pin_version} and {@code mv_time2version}.
 *
 * <p>A pin is either a version, 20 hex digits (either case), or an ISO-8601 instant: with an offset
 * ({@code 2026-01-31T12:00:00Z}, {@code …+02:00}), without one (UTC), or a bare date (its midnight
 * UTC). An instant resolves through {@code /time2version} to the newest version the timekeeper
 * recorded strictly before it, so reading there shows the database as of that instant (to the
 * timekeeper's resolution, 5 s by default).
 *
 * <p>Stateless and thread-safe.
 */
public final class VersionPins {

  private static final Pattern HEX_VERSION = Pattern.compile("[0-9a-fA-F]{20}");

  private VersionPins() {}

  /** True if {@code pin} is written as a version (20 hex digits) rather than as an instant. */
  public static boolean isVersion(String pin) {
    return HEX_VERSION.matcher(pin).matches();
  }

  /**
   * The version {@code pin} names: a version as written, an instant through {@code
   * store.time2version}.
   *
   * @throws MvException {@link ErrorCode#BAD_VERSION} for a malformed pin, an instant before 1970
   *     or one before the first recorded time point; the store's failure for the lookup
   */
  public static Version resolve(String pin, PageStore store) {
    if (isVersion(pin)) {
      return Version.parse(pin.toLowerCase(Locale.ROOT));
    }
    Instant instant = parseInstant(pin);
    Time2VersionResult r = store.time2version(lookupSeconds(instant));
    if (r.after() == null) {
      throw new MvException(
          ErrorCode.BAD_VERSION,
          "no version is recorded before "
              + instant
              + " (the store"
              + " records one every few seconds; it may be younger than that instant)");
    }
    return r.after().version();
  }

  /**
   * The unix second to ask {@code /time2version} for so that its {@code after} point lies strictly
   * before {@code instant}: the instant rounded up to a whole second.
   *
   * @throws MvException {@link ErrorCode#BAD_VERSION} for instants not after 1970 (0 would mean
   *     "now")
   */
  public static long lookupSeconds(Instant instant) {
    long seconds = instant.getEpochSecond() + (instant.getNano() > 0 ? 1 : 0);
    if (seconds <= 0) {
      throw new MvException(
          ErrorCode.BAD_VERSION, "cannot pin to " + instant + ": the instant must be after 1970");
    }
    return seconds;
  }

  /**
   * Parses an ISO-8601 instant: with an offset, without one (UTC), or a bare date (midnight UTC).
   *
   * @throws MvException {@link ErrorCode#BAD_VERSION} if {@code text} is none of these
   */
  public static Instant parseInstant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
          throw new MvException(
              ErrorCode.BAD_VERSION,
              "invalid version pin '"
                  + text
                  + "': expected a version"
                  + " (20 hex digits) or an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
      }
    }
  }
}
