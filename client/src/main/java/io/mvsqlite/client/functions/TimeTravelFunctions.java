package io.mvsqlite.client.functions;

import io.mvsqlite.client.sqlite.SqlFunctionException;
import io.mvsqlite.client.txn.MvConnection;
import io.mvsqlite.client.vfs.MvFile;
import io.mvsqlite.client.vfs.VersionPins;
import io.mvsqlite.protocol.Time2VersionResult;
import io.mvsqlite.protocol.Version;
import java.util.List;

/**
 * Time travel at run time, per connection (reference client §7.2, §9): {@code
 * mv_last_known_version(db)}, {@code mv_time2version(db, t)}, {@code mv_pin_version(db, version)}
 * and {@code mv_unpin_version(db)}. {@code db} is a schema name ({@code 'main'} or an {@code
 * ATTACH} alias); each function acts on that database's connection only.
 *
 * <p>Pinning and unpinning are refused while a transaction is active: SQLite would otherwise read
 * one transaction at two versions. A pinned connection is a read-only view of the past: its writes
 * fail with {@code SQLITE_READONLY}, they are never silently discarded (the reference's behaviour).
 */
final class TimeTravelFunctions {

  private TimeTravelFunctions() {}

  static List<FunctionDefinition> definitions() {
    return List.of(
        new FunctionDefinition("mv_last_known_version", 1, TimeTravelFunctions::lastKnownVersion),
        new FunctionDefinition("mv_time2version", 2, TimeTravelFunctions::time2version),
        new FunctionDefinition("mv_pin_version", 2, TimeTravelFunctions::pin),
        new FunctionDefinition("mv_unpin_version", 1, TimeTravelFunctions::unpin));
  }

  /**
   * The newest version the connection has seen (its last snapshot or commit) as 20 hex digits, or
   * NULL.
   */
  private static Object lastKnownVersion(FunctionCall call) throws SqlFunctionException {
    Version v = call.connection().lastKnownVersion();
    return v == null ? null : v.hex();
  }

  /**
   * The newest version the timekeeper recorded strictly before {@code t}, or NULL if there is none.
   * {@code t} is unix seconds (an integer, a real rounded up, or such digits as text; 0 means now)
   * or an ISO-8601 instant.
   */
  private static Object time2version(FunctionCall call) throws SqlFunctionException {
    MvConnection connection = call.connection();
    long seconds = unixSeconds(call);
    Time2VersionResult r = connection.store().time2version(seconds);
    return r.after() == null ? null : r.after().version().hex();
  }

  private static long unixSeconds(FunctionCall call) throws SqlFunctionException {
    Object t = call.argument(1, "time");
    switch (t) {
      case Long l -> {
        if (l < 0) {
          throw call.fail(
              "argument 2 (time) must be unix seconds (0 or more, 0 meaning now), got " + l);
        }
        return l;
      }
      case Double d -> {
        if (!(d >= 0) || d > Long.MAX_VALUE) {
          throw call.fail(
              "argument 2 (time) must be unix seconds (0 or more, 0 meaning now), got " + d);
        }
        return (long) Math.ceil(d);
      }
      case String s when s.strip().matches("\\d{1,18}") -> {
        return Long.parseLong(s.strip());
      }
      case String s -> {
        return VersionPins.lookupSeconds(VersionPins.parseInstant(s.strip()));
      }
      default ->
          throw call.fail(
              "argument 2 (time) must be unix seconds or an ISO-8601 instant, got "
                  + FunctionCall.typeName(t));
    }
  }

  /**
   * Pins the connection to a version (20 hex digits) or to the newest version before an ISO-8601
   * instant.
   */
  private static Object pin(FunctionCall call) throws SqlFunctionException {
    MvConnection connection = call.connection();
    String pin = call.text(1, "version").strip();
    call.requireNoTransaction(connection, "pin a version");
    connection.pin(VersionPins.resolve(pin, connection.store()));
    return null;
  }

  /** Unpins the connection: its next transaction reads the namespace's head. */
  private static Object unpin(FunctionCall call) throws SqlFunctionException {
    MvFile file = call.file();
    if (file.isReadOnly()) {
      throw call.fail(
          "this database was opened pinned (NAME@VERSION) and stays a read-only view of the past;"
              + " open it without the pin to read the present");
    }
    call.requireNoTransaction(file.connection(), "unpin");
    file.connection().unpin();
    return null;
  }
}
