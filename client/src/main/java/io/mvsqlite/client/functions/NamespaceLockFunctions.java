package io.mvsqlite.client.functions;

import io.mvsqlite.client.sqlite.SqlFunctionException;
import io.mvsqlite.client.txn.MvConnection;
import io.mvsqlite.client.vfs.VersionPins;
import io.mvsqlite.protocol.LockAcquireOutcome;
import io.mvsqlite.protocol.LockReleaseMode;
import io.mvsqlite.protocol.Version;
import java.util.List;
import java.util.Objects;

/**
 * Namespace locks from SQL (reference client §9.3; docs/nslock.md has the server's side): {@code
 * mv_nslock_acquire(db, owner[, version])}, {@code mv_nslock_release_commit(db, owner)} and {@code
 * mv_nslock_release_rollback(db, owner)}.
 *
 * <p><b>Effective lock owner.</b> Each connection claims an owner in its {@code /stat} and commits
 * (initially the {@code lockOwner} setting). A successful acquire makes {@code owner} that
 * connection's owner, so its later transactions write under the lock; sibling connections keep
 * theirs. A successful release clears it if it was {@code owner}. Acquiring again with the same
 * owner is idempotent (a new {@code version} is then ignored, as the server does). All three refuse
 * to run inside a transaction, whose snapshot and commit must not change owner halfway.
 */
final class NamespaceLockFunctions {

  private NamespaceLockFunctions() {}

  static List<FunctionDefinition> definitions() {
    return List.of(
        new FunctionDefinition("mv_nslock_acquire", 2, NamespaceLockFunctions::acquire),
        new FunctionDefinition("mv_nslock_acquire", 3, NamespaceLockFunctions::acquire),
        new FunctionDefinition(
            "mv_nslock_release_commit", 2, call -> release(call, LockReleaseMode.COMMIT)),
        new FunctionDefinition(
            "mv_nslock_release_rollback", 2, call -> release(call, LockReleaseMode.ROLLBACK)));
  }

  private static Object acquire(FunctionCall call) throws SqlFunctionException {
    MvConnection connection = call.connection();
    String owner = call.text(1, "owner");
    Object versionArgument = call.optional(2);
    call.requireNoTransaction(connection, "acquire a namespace lock");
    Version version = null;
    if (versionArgument != null) {
      if (!(versionArgument instanceof String pin)) {
        throw call.fail(
            "argument 3 (version) must be text (20 hex digits or an ISO-8601 instant), got "
                + FunctionCall.typeName(versionArgument));
      }
      version = VersionPins.resolve(pin.strip(), connection.store());
    }
    LockAcquireOutcome outcome =
        connection.store().acquireLock(connection.namespace(), owner, version);
    return switch (outcome) {
      case LockAcquireOutcome.Acquired acquired -> {
        connection.setLockOwner(owner);
        yield null;
      }
      case LockAcquireOutcome.HeldByOther other ->
          throw call.fail(
              "namespace '"
                  + connection.namespace().key()
                  + "' is locked by another owner: "
                  + other.owner());
    };
  }

  private static Object release(FunctionCall call, LockReleaseMode mode)
      throws SqlFunctionException {
    MvConnection connection = call.connection();
    String owner = call.text(1, "owner");
    call.requireNoTransaction(connection, "release a namespace lock");
    connection.store().releaseLock(connection.namespace(), owner, mode);
    if (Objects.equals(connection.lockOwner(), owner)) {
      connection.setLockOwner(null);
    }
    return null;
  }
}
